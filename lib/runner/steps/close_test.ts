import assert from "node:assert/strict";
import { failureOf, runYaml } from "./_test_helpers.ts";

Deno.test("close ends a connection: the peer reads EOF", async () => {
  const result = await runYaml(`name: close
transport: tcp
server:
  steps:
    - accept: {}
    - expect_eof: {}
client:
  - connect: {}
  - close: {}
`);
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
});

Deno.test("close of a label that names nothing fails and says so", async () => {
  const result = await runYaml(`name: nothing to close
transport: tcp
client:
  - close: {}
    conn: ghost
`);
  assert.match(failureOf(result), /nothing named "ghost" to close/);
});
