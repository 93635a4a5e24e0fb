import assert from "node:assert/strict";
import { failureOf, runYaml } from "./_test_helpers.ts";

Deno.test("wait returns once another peer sets the mark", async () => {
  const result = await runYaml(`name: wait
transport: tcp
server:
  steps:
    - accept: {}
    - receive: "go"
    - mark: received
client:
  - connect: {}
  - send: "go"
  - wait: received
`);
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
});

Deno.test("wait for a mark that comes too late times out", async () => {
  const result = await runYaml(`name: late mark
transport: tcp
peers:
  slow:
    role: client
    steps:
      - sleep: 1s
      - mark: late
  eager:
    role: client
    steps:
      - wait: late
        timeout: 100ms
`);
  assert.match(failureOf(result), /timed out/);
});
