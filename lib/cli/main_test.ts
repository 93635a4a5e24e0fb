import assert from "node:assert/strict";
import { main } from "./main.ts";
import { discoverScenarioFiles } from "./discover.ts";
import { loadScenarioFile } from "../scenario/load.ts";
import { STEP_SCHEMAS } from "../scenario/step_schema.ts";
import { BUILTINS } from "../scenario/schema.ts";
import type { Step } from "../scenario/model.ts";
import { SCENARIO_PERMISSIONS } from "./permissions.ts";

async function cli(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (text) => stdout += text,
    stderr: (text) => stderr += text,
  });
  return { code, stdout, stderr };
}

async function withFiles(files: Record<string, string>, fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "sockspec-cli-" });
  try {
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(`${dir}/${name}`, text);
    }
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const PASSING = `name: upper passes
transport: [tcp, unix]
server: { builtin: upper }
client:
  - connect: {}
  - send: "abc"
  - receive: "ABC"
`;

Deno.test("--help prints the usage and exits 0", async () => {
  const { code, stdout } = await cli(["--help"]);
  assert.equal(code, 0);
  assert.match(stdout, /^Usage: deno task scenarios/);
});

Deno.test("an unknown option exits 2 with a message", async () => {
  const { code, stderr } = await cli(["--frobnicate"]);
  assert.equal(code, 2);
  assert.match(stderr, /frobnicate.*see --help/);
});

Deno.test("a path that does not exist exits 2", async () => {
  const { code, stderr } = await cli(["no/such/folder"]);
  assert.equal(code, 2);
  assert.match(stderr, /no\/such\/folder: no such file or folder/);
});

Deno.test("an invalid scenario file exits 2 with file:line:column and runs nothing", async () => {
  await withFiles({
    "good.yaml": PASSING,
    "bad.yaml": PASSING.replace("name: upper passes", "name: bad").replace("send:", "sendd:"),
  }, async (dir) => {
    const { code, stderr, stdout } = await cli([dir]);
    assert.equal(code, 2);
    assert.match(stderr, new RegExp(`${dir}/bad\\.yaml:6:5: client\\[1\\]: unknown step "sendd"`));
    assert.match(stderr, /1 invalid scenario file: nothing was run/);
    assert.equal(stdout, "");
  });
});

Deno.test("two scenarios with one name exit 2 naming both places", async () => {
  await withFiles({ "a.yaml": PASSING, "b.yaml": PASSING }, async (dir) => {
    const { code, stderr } = await cli([dir]);
    assert.equal(code, 2);
    assert.match(
      stderr,
      /b\.yaml:1:7: name: expected a name no other scenario has; "upper passes" is also at .*a\.yaml:1/,
    );
  });
});

Deno.test("a passing run exits 0 and ends with the summary line", async () => {
  await withFiles({ "ok.yaml": PASSING }, async (dir) => {
    const { code, stdout } = await cli([dir, "--reporter", "dot", "--seed", "5"]);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^2 passed, 0 failed\b/m);
  });
});

Deno.test("a failing run exits 1 and prints the rerun command", async () => {
  await withFiles(
    { "fail.yaml": PASSING.replace('receive: "ABC"', 'receive: "ABD"') },
    async (dir) => {
      const failures = `${dir}/failures`;
      const { code, stdout } = await cli([
        dir,
        "--transport",
        "tcp",
        "--seed",
        "9",
        "--artifacts",
        failures,
      ]);
      assert.equal(code, 1);
      assert.match(stdout, /^0 passed, 1 failed\b/m);
      assert.match(
        stdout,
        /deno task scenarios \S*fail\.yaml --name 'upper passes' --transport tcp --seed 9/,
      );
    },
  );
});

Deno.test("a filter that matches nothing exits 2 rather than passing", async () => {
  await withFiles({ "ok.yaml": PASSING }, async (dir) => {
    const { code, stderr } = await cli([dir, "--filter", "nothing like this"]);
    assert.equal(code, 2);
    assert.match(stderr, /no scenario matches among 1 in 1 files/);
  });
});

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
  const { code, stdout } = await cli([
    "scenarios",
    "--reporter",
    "dot",
    "--artifacts",
    "/dev/null/none",
  ]);
  assert.equal(code, 0, stdout);
  // "0 passed, 0 failed, 134 skipped" is no pass: most of the suite must have run.
  const summary = /^(\d+) passed, 0 failed(?:, (\d+) skipped)?/m.exec(stdout);
  assert.ok(summary, stdout);
  const [passed, skipped] = [Number(summary[1]), Number(summary[2] ?? 0)];
  assert.ok(passed >= 40 && passed > skipped, `${passed} passed, ${skipped} skipped`);
});

Deno.test("deno task scenarios runs with exactly the documented permissions", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
  assert.equal(config.tasks.scenarios, `deno run ${SCENARIO_PERMISSIONS.join(" ")} cli.ts`);
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
