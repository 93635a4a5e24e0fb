import assert from "node:assert/strict";
import { runYaml } from "./_test_helpers.ts";

for (const transport of ["udp", "unixgram"] as const) {
  Deno.test(`send_to sends literal and generated datagrams that the echo returns on ${transport}`, async () => {
    const result = await runYaml(
      `name: send_to
transport: ${transport}
server: { builtin: echo }
client:
  - send_to: { text: "one" }
  - receive_from: { text: "one" }
  - send_to: { generate: 64, count: 20 }
  - receive_from: { verify: true, count: 20 }
`,
      transport,
    );
    assert.equal(result.status, "passed", JSON.stringify(result.failure));
    assert.ok(result.checks.every((c) => c.ok), JSON.stringify(result.checks));
  });
}
