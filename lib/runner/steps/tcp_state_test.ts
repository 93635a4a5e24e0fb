import assert from "node:assert/strict";
import { parseScenarios } from "../../scenario/load.ts";
import { runScenario } from "../run_scenario.ts";
import type { ScenarioResult } from "../../report/result.ts";

/** The client closes first, then checks its closed connection's state. */
async function run(expect: string): Promise<ScenarioResult> {
  const [scenario] = parseScenarios(
    `name: tcp state
transport: tcp
server:
  - accept: {}
  - expect_eof: {}
  - close: {}
  - mark: server_closed
client:
  - connect: {}
  - close: {}
  - wait: server_closed
  - tcp_state: { expect: ${expect} }
    timeout: 2s
`,
    "tcp_state_test.yaml",
  );
  return await runScenario(scenario, "tcp", { seed: 1, keepEvents: Infinity });
}

Deno.test("tcp_state finds the active closer's connection in TIME_WAIT and records it", async () => {
  const result = await run("TIME_WAIT");
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
  const seen = result.events.filter((e) => e.kind === "tcp_state").map((e) => e.detail);
  assert.match(seen.at(-1) ?? "", /^127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+: TIME_WAIT$/);
});

Deno.test("tcp_state fails with the state the kernel reports when it is another", async () => {
  const result = await run("[ESTABLISHED, CLOSE_WAIT]");
  assert.equal(result.status, "failed");
  assert.match(
    result.failure?.message ?? "",
    /^expected 127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+ in ESTABLISHED or CLOSE_WAIT; the kernel says TIME_WAIT \(ss -tan\)$/,
  );
});
