import assert from "node:assert/strict";
import { failureOf, runYaml } from "./_test_helpers.ts";

Deno.test("accept takes a connection from a scripted server's listener", async () => {
  const result = await runYaml(`name: accept
transport: tcp
server:
  steps:
    - accept: {}
    - receive: "ping"
    - send: "pong"
client:
  - connect: {}
  - send: "ping"
  - receive: "pong"
`);
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
});

Deno.test("accept from a listener that does not exist fails and says which exist", async () => {
  const result = await runYaml(`name: no listener
transport: tcp
client:
  - accept: { from: nowhere }
`);
  assert.match(failureOf(result), /no listener "nowhere"/);
});

Deno.test("accept with no client coming times out", async () => {
  const result = await runYaml(`name: nobody
transport: tcp
client:
  - listen: {}
    conn: lonely
  - accept: { from: lonely }
    timeout: 100ms
`);
  assert.match(failureOf(result), /timed out/);
});
