import assert from "node:assert/strict";
import { runYaml } from "./_test_helpers.ts";

Deno.test("parallel sends in one branch while the other receives (full duplex)", async () => {
  // 8 MiB echoed is more than the socket buffers of both directions hold: sending all before
  // receiving would block, so the scenario passes only if the branches run at once.
  const result = await runYaml(`name: parallel
transport: tcp
timeout: 20s
server: { builtin: echo }
client:
  - connect: {}
  - parallel:
      - - send: { generate: 8MiB }
        - close_write: {}
      - - receive: { until: eof, verify: sequence }
`);
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
  assert.ok(result.checks.every((c) => c.ok), JSON.stringify(result.checks));
});
