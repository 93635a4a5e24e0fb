import assert from "node:assert/strict";
import { failureOf, runYaml } from "./_test_helpers.ts";

Deno.test("receive_from matches a datagram and captures its groups", async () => {
  const result = await runYaml(
    `name: receive_from
transport: udp
server: { builtin: echo }
client:
  - send_to: { text: "id=42" }
  - receive_from: { match: "id=([0-9]+)", capture: id }
  - assert: { equal: ["{id}", "42"] }
`,
    "udp",
  );
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
});

Deno.test("receive_from with a small buffer gets the datagram truncated and fails on its length", async () => {
  const result = await runYaml(
    `name: truncated
transport: udp
server: { builtin: echo }
client:
  - send_to: { text: "0123456789" }
  - receive_from: { bytes: 10, buffer: 4 }
`,
    "udp",
  );
  assert.match(failureOf(result), /expected a datagram of 10 bytes, received 4 bytes/);
});
