import assert from "node:assert/strict";
import { runYaml } from "./_test_helpers.ts";

Deno.test("repeat runs its steps the given times and, with measure, records their timing", async () => {
  const result = await runYaml(`name: repeat
transport: tcp
server: { builtin: echo }
client:
  - connect: {}
  - repeat:
      times: 25
      measure: true
      steps:
        - send: "ping"
        - receive: "ping"
check: [{ latency: { max: 10s } }]
`);
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
  const latency = result.checks.find((c) => c.name === "latency");
  assert.match(latency?.detail ?? "", /^25 rounds: /);
});
