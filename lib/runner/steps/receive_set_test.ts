import assert from "node:assert/strict";
import { parseScenarios } from "../../scenario/load.ts";
import { runScenario } from "../run_scenario.ts";
import type { ScenarioResult } from "../../report/result.ts";

/** A server that expects a, b, c in any order; the client sends `sent`, one datagram each. */
async function run(sent: string[], transport: "udp" | "unixgram" = "udp"): Promise<ScenarioResult> {
  const [scenario] = parseScenarios(
    `name: set
transport: ${transport}
step_timeout: 2s
server:
  - receive_set: { datagrams: ["a", { hex: "62" }, { match: "^c+$" }] }
client:
${sent.map((text) => `  - send_to: { text: ${JSON.stringify(text)} }`).join("\n")}
`,
    "receive_set_test.yaml",
  );
  return await runScenario(scenario, transport, { seed: 1 });
}

for (const transport of ["udp", "unixgram"] as const) {
  Deno.test(`receive_set takes the datagrams in any order on ${transport}`, async () => {
    const result = await run(["ccc", "b", "a"], transport);
    assert.equal(result.status, "passed", JSON.stringify(result.failure));
  });
}

Deno.test("receive_set fails on a datagram it already matched", async () => {
  const result = await run(["a", "a", "b"]);
  assert.equal(result.status, "failed");
  assert.equal(
    result.failure?.message,
    'datagram 2 matches "a" again: each expected datagram is matched once',
  );
});

Deno.test("receive_set fails on a datagram that matches none of those left", async () => {
  const result = await run(["b", "d", "a"]);
  assert.equal(result.status, "failed");
  assert.equal(
    result.failure?.message,
    'datagram 2 matches none of the 2 still expected: "a", /^c+$/',
  );
});

Deno.test("receive_set that times out names the datagrams that did not come", async () => {
  const result = await run(["a"]);
  assert.equal(result.status, "failed");
  assert.match(
    result.failure?.message ?? "",
    /timed out after \d+ ms: 2 of 3 datagrams did not come: 1 byte \(hex\), \/\^c\+\$\/$/,
  );
});

Deno.test("receive_set says what a datagram that matches none is: two merged into one", async () => {
  const [scenario] = parseScenarios(
    `name: merged
transport: udp
step_timeout: 2s
server:
  - receive_from: { text: "x" }
  - receive_from: { text: "y" }
  - send_to: { text: "xy" }
client:
  - send_to: { text: "x" }
  - send_to: { text: "y" }
  - receive_set: { datagrams: ["x", "y"] }
`,
    "receive_set_test.yaml",
  );
  const result = await runScenario(scenario, "udp", { seed: 1 });
  assert.match(
    result.failure!.message,
    /^datagram 1 matches none of the 2 still expected \(datagrams #0\+#1 merged into one\): /,
  );
});
