import assert from "node:assert/strict";
import { failureOf, runYaml } from "./_test_helpers.ts";

Deno.test("assert compares expanded values: equal, not_equal, match, between", async () => {
  const result = await runYaml(`name: assert
transport: tcp
server: { builtin: echo }
client:
  - connect: {}
  - assert: { equal: ["{main.remote_port}", "{server.port}"] }
  - assert: { not_equal: ["{main.local_port}", "{server.port}"] }
  - assert: { match: ["{main.local_address}", "^127\\\\."] }
  - assert: { between: ["{main.local_port}", 1, 65535] }
`);
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
});

Deno.test("assert that does not hold fails, saying both values", async () => {
  const result = await runYaml(`name: assert fails
transport: tcp
client:
  - assert: { equal: ["a", "b"] }
`);
  assert.equal(failureOf(result), 'expected "a" to equal "b"');
});

Deno.test("assert equal says when the values differ only in the case of letters", async () => {
  const result = await runYaml(`name: assert case
transport: tcp
client:
  - assert: { equal: ["HELLO bye", "hello BYE"] }
`);
  assert.equal(
    failureOf(result),
    'expected "HELLO bye" to equal "hello BYE": the same letters in another case',
  );
});
