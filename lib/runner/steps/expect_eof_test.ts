import assert from "node:assert/strict";
import { failureOf, runYaml } from "./_test_helpers.ts";

Deno.test("expect_eof passes once the peer has closed its side", async () => {
  const result = await runYaml(`name: eof
transport: tcp
server: { builtin: echo }
client:
  - connect: {}
  - close_write: {}
  - expect_eof: {}
`);
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
});

Deno.test("expect_eof fails when bytes arrive instead", async () => {
  const result = await runYaml(`name: more bytes
transport: tcp
server: { builtin: echo }
client:
  - connect: {}
  - send: "late"
  - close_write: {}
  - expect_eof: {}
`);
  assert.match(failureOf(result), /expected EOF, received 4 more bytes/);
});
