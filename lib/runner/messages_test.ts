/**
 * What failure messages say: the step's own timeout, expanded labels and templates, the
 * command peer that exited, the readiness hint.
 */
import assert from "node:assert/strict";
import { parseScenarios } from "../scenario/load.ts";
import type { Transport } from "../scenario/model.ts";
import { runScenario } from "./run_scenario.ts";
import type { ScenarioResult } from "../report/result.ts";

const HERE = new URL(".", import.meta.url).pathname;

async function run(yaml: string, transport: Transport = "tcp"): Promise<ScenarioResult> {
  const [scenario] = parseScenarios(yaml, `${HERE}testdata/inline.yaml`);
  return await runScenario(scenario, transport, { seed: 7, keepEvents: 1000 });
}

Deno.test("a send that times out names the step's timeout, not what was left of it", async () => {
  // The server never reads: the first writes fill the socket buffers, the last one waits.
  const result = await run(`name: send blocks
transport: tcp
timeout: 5s
server:
  - accept: {}
  - sleep: 3s
client:
  - connect: {}
  - send: { generate: 64MiB, chunk: 64KiB }
    timeout: 400ms

`);
  assert.equal(result.status, "failed");
  assert.match(result.failure!.message, /^send on client\/main timed out after 400 ms$/);
});

Deno.test("a receive_from that times out names the step's timeout", async () => {
  // One datagram comes back after 100 ms, the second never: the wait for it is the rest.
  const result = await run(
    `name: one of two
transport: udp
timeout: 5s
server:
  - receive_from: {}
  - sleep: 100ms
  - send_to: { text: "a" }
  - sleep: 3s
client:
  - send_to: { text: "x" }
  - receive_from: { count: 2 }
    timeout: 400ms

`,
    "udp",
  );
  assert.equal(result.status, "failed");
  assert.match(result.failure!.message, /^receive_from on client timed out after 400 ms$/);
});

Deno.test("conn: labels are expanded, and {round} counts from 1 in nested repeats", async () => {
  const result = await run(`name: labels
transport: tcp
server: { builtin: echo }
client:
  - repeat:
      times: 2
      steps:
        - repeat:
            times: 3
            steps:
              - connect: {}
                conn: "w{round}"
        - connect: {}
          conn: "o{round}"
`);
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
  const labels = result.events.filter((e) => e.kind === "connect").map((e) => e.conn);
  assert.deepEqual(labels, ["w1", "w2", "w3", "o1", "w1", "w2", "w3", "o2"]);
});
