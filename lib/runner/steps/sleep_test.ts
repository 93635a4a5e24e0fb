import assert from "node:assert/strict";
import { failureOf, runYaml } from "./_test_helpers.ts";

Deno.test("sleep pauses the peer: a sleep longer than the scenario's timeout fails it", async () => {
  const passed = await runYaml(`name: short sleep
transport: tcp
client:
  - sleep: 10ms
`);
  assert.equal(passed.status, "passed", JSON.stringify(passed.failure));
  const failed = await runYaml(`name: long sleep
transport: tcp
timeout: 200ms
client:
  - sleep: 30s
`);
  assert.match(failureOf(failed), /timed out|timeout/);
});
