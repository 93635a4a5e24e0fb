import assert from "node:assert/strict";
import { parseScenarios } from "../scenario/load.ts";
import { descriptorLimit, descriptorShortfall, socketsNeeded } from "./descriptors.ts";
import { SCENARIO_PERMISSIONS } from "./permissions.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

function scenario(clients: number, faults = "") {
  return parseScenarios(
    `name: many
transport: [tcp, unix]
server: { builtin: echo }
${faults}
client:
  count: ${clients}
  steps:
    - connect: {}
    - send: "x"
`,
    "inline.yaml",
  )[0];
}

Deno.test("a run's sockets count each connection's two ends, and the relay's two more", () => {
  assert.equal(socketsNeeded(scenario(1000), "tcp"), 2 * 1000 + 2);
  assert.equal(
    socketsNeeded(scenario(1000, "faults: [{ slicer: { max_bytes: 1 } }]"), "unix"),
    4 * 1000 + 2,
  );
});

Deno.test("a run above the open-file limit is refused with a message naming ulimit -n", async () => {
  const message = await descriptorShortfall(scenario(1000), "tcp", { soft: 1024, hard: 4096 });
  assert.match(message!, /needs about 2002 sockets .* limit \(RLIMIT_NOFILE\) is 1024/);
  assert.match(message!, /`ulimit -n 2258` \(the hard limit is 4096\)/);
  assert.equal(
    await descriptorShortfall(scenario(1000), "tcp", { soft: 4096, hard: 4096 }),
    undefined,
  );
  const limit = await descriptorLimit();
  assert.ok(limit && limit.soft >= 1 && limit.hard >= limit.soft, JSON.stringify(limit));
});

Deno.test("at ulimit -n 1024, a thousand clients fail at once with the message, no panic", async () => {
  // Failure records go to a folder of the test's own (main checks output paths before a run).
  const artifacts = await Deno.makeTempDir({ prefix: "sockspec-descriptors-" });
  const command = [
    "ulimit -n 1024 &&",
    `exec "${Deno.execPath()}" run ${SCENARIO_PERMISSIONS.join(" ")} cli.ts`,
    "scenarios/load/thousand_clients.yaml --transport tcp --reporter dot --artifacts",
    `'${artifacts}'`,
  ].join(" ");
  const { code, stdout, stderr } = await new Deno.Command("sh", {
    args: ["-c", command],
    cwd: ROOT,
  }).output().finally(() => Deno.remove(artifacts, { recursive: true }));
  const out = new TextDecoder().decode(stdout);
  const err = new TextDecoder().decode(stderr);
  assert.equal(code, 1, `${out}\n${err}`);
  assert.match(out, /the open-file limit \(RLIMIT_NOFILE\) is 1024: raise it with `ulimit -n/);
  assert.doesNotMatch(err, /panicked/);
});
