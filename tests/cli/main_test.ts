/**
 * End-to-end tests of the command line over the shipped suite: sharding, coverage of every step
 * kind and built-in peer, the whole suite passing, and the permissions of `deno task scenarios`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { parse as parseShell } from "shell-quote";
import { main } from "../../lib/cli/main.ts";
import { discoverScenarioFiles } from "../../lib/cli/discover.ts";
import { loadScenarioFile } from "../../lib/scenario/load.ts";
import { STEP_SCHEMAS } from "../../lib/scenario/step_schema.ts";
import { BUILTINS } from "../../lib/scenario/schema.ts";
import type { Step } from "../../lib/model/scenario.ts";
import { SCENARIO_PERMISSIONS } from "../../lib/runner/permissions.ts";

async function cli(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (text) => stdout += text,
    stderr: (text) => stderr += text,
  });
  return { code, stdout, stderr };
}

Deno.test("four shards of the suite list every run exactly once", async () => {
  const all = await cli(["scenarios", "--list"]);
  assert.equal(all.code, 0, all.stderr);
  const total = Number(/(\d+) runs of/.exec(all.stdout)![1]);
  let sum = 0;
  const seen = new Set<string>();
  for (let i = 1; i <= 4; i++) {
    const shard = await cli(["scenarios", "--list", "--shard", `${i}/4`]);
    sum += Number(/(\d+) runs of/.exec(shard.stdout)?.[1] ?? 0);
    for (const line of shard.stdout.split("\n").slice(0, -2)) {
      const [where, , transports] = line.split("  ");
      for (const t of transports.slice(1, -1).split(", ")) {
        const key = `${where} ${t}`;
        assert.ok(!seen.has(key), `${key} in two shards`);
        seen.add(key);
      }
    }
  }
  assert.equal(sum, total);
  assert.equal(seen.size, total);
});

Deno.test("the suite uses every step kind and every built-in peer on every transport", async () => {
  const scenarios =
    (await Promise.all((await discoverScenarioFiles(["scenarios"])).map(loadScenarioFile))).flat();
  const kinds = new Set<string>();
  const walk = (steps: Step[]): void =>
    steps.forEach((s) => {
      kinds.add(s.kind);
      walk(s.children);
      s.branches.forEach(walk);
    });
  scenarios.forEach((s) => s.peers.forEach((p) => walk(p.steps)));
  assert.deepEqual([...kinds].sort(), Object.keys(STEP_SCHEMAS).sort());
  const builtins = new Set(
    scenarios.flatMap((s) => s.peers.map((p) => p.doc.builtin)).filter(Boolean),
  );
  assert.deepEqual([...builtins].sort(), [...BUILTINS].sort());
  const transports = new Set(scenarios.flatMap((s) => s.transports));
  assert.deepEqual([...transports].sort(), ["tcp", "udp", "unix", "unixgram"]);
  assert.ok(scenarios.length >= 40, `${scenarios.length} scenarios`);
});

Deno.test("the shipped suite passes end to end", async () => {
  const artifacts = await Deno.makeTempDir({ prefix: "sockspec-cli-" });
  try {
    const { code, stdout } = await cli([
      "scenarios",
      "--reporter",
      "dot",
      "--artifacts",
      artifacts,
    ]);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^\d+ passed, 0 failed/m);
    assert.deepEqual(await Array.fromAsync(Deno.readDir(artifacts)), [], "no failure records");
  } finally {
    await Deno.remove(artifacts, { recursive: true });
  }
});

Deno.test("deno task scenarios runs with exactly the documented permissions", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
  assert.equal(config.tasks.scenarios, `deno run ${SCENARIO_PERMISSIONS.join(" ")} cli.ts`);
});

Deno.test("the README's install command grants exactly the documented permissions", async () => {
  const readme = await Deno.readTextFile(new URL("../../README.md", import.meta.url));
  const line = readme.split("\n").find((l) => /^\s*deno install .*(--global|-g)/.test(l));
  assert.ok(line, "the README has a 'deno install --global' line");
  // Parsed as the shell parses it: the env wildcard is quoted against globbing.
  const words = parseShell(line.trim()).filter((word) => typeof word === "string");
  assert.deepEqual(
    words.filter((word) => word.startsWith("--allow-")).sort(),
    [...SCENARIO_PERMISSIONS].sort(),
  );
  assert.equal(words.at(-1), "cli.ts");
  assert.equal(
    words[words.indexOf("--config") + 1],
    "deno.json",
    "the import map and unstable net",
  );
  assert.equal(words[words.indexOf("--name") + 1], "sockspec");
});

Deno.test("without --allow-run a command peer fails with a message saying so", async () => {
  const root = new URL("../../", import.meta.url).pathname;
  const flags = SCENARIO_PERMISSIONS.filter((flag) => flag !== "--allow-run");
  const { code, stdout } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...flags,
      "cli.ts",
      "scenarios/external/python_http_server.yaml",
      "--reporter",
      "dot",
    ],
    cwd: root,
    env: { NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder().decode(stdout);
  assert.equal(code, 1, text);
  assert.match(text, /server: starting sh needs --allow-run/);
});
