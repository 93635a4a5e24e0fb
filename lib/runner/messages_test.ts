/**
 * What failure messages say: the step's own timeout, expanded labels and templates, the
 * command peer that exited, the readiness hint.
 */
import assert from "node:assert/strict";
import { parseScenarios } from "../scenario/load.ts";
import type { Transport } from "../common/transport.ts";
import { runScenario } from "./run_scenario.ts";
import type { ScenarioResult } from "../report/result.ts";
import { SCENARIO_PERMISSIONS } from "./permissions.ts";

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
  // The step's timeout, how many of the datagrams asked for came, and what the socket sent and
  // received (the server answers "a" to "x": no echo, so nothing is said lost).
  assert.match(
    result.failure!.message,
    /^receive_from on client timed out after 400 ms, after 1 of 2 datagrams; client\/main sent 1 datagram and received 1$/,
  );
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

Deno.test("a failed step shows its templates expanded with the round's values", async () => {
  // The server answers "A 1 x" every round: round 2 expects "A 2 x".
  const result = await run(
    `name: rounds
transport: udp
server:
  - repeat:
      times: 2
      steps:
        - receive_from: {}
        - send_to: { text: "A 1 x" }
client:
  - repeat:
      times: 2
      steps:
        - send_to: { text: "q" }
        - receive_from: { match: "^A {round} x" }
`,
    "udp",
  );
  assert.equal(result.status, "failed");
  assert.equal(result.failure!.message, "datagram does not match /^A 2 x/");
  assert.equal(
    result.failure!.step,
    'receive_from: { match: "^A 2 x" }  # written: receive_from: { match: "^A {round} x" }',
  );
});

const CRASH = `${HERE}testdata/crash_server.py`;

Deno.test("a command server that crashed is named first, with its exit code and stderr", async () => {
  const result = await run(`name: crash
transport: tcp
requires: [python3]
server:
  command: ["python3", "${CRASH}", "{host}", "{port}"]
client:
  - connect: {}
  - send: "hello\\n"
  - receive: "eighteen bytes ..\\n"
`);
  assert.equal(result.status, "failed");
  const message = result.failure!.message;
  // Whichever the run saw first, the client's EOF or the exit, the headline starts with the exit.
  assert.match(message, /^server exited with code 3[;\s]/);
  assert.match(message, /stderr ends: "handling request" "boom: bad request"/);
});

const LATE = `${HERE}testdata/late_udp_echo.py`;

function lateEcho(ready: string): string {
  return `name: late
transport: udp
requires: [python3]
server:
  command: ["python3", "${LATE}", "{host}", "{port}", "1"]
${ready}
client:
  - send_to: { text: "x" }
  - receive_from: { text: "x" }
    timeout: 500ms
`;
}

Deno.test("a timeout against a command not bound when deemed ready suggests ready:", async () => {
  const result = await run(lateEcho(""), "udp");
  assert.equal(result.status, "failed");
  assert.match(
    result.failure!.message,
    /^receive_from on client timed out after 500 ms; client\/main sent 1 datagram and received none; hint: server \(a command\) had not bound 127\.0\.0\.1:\d+ when its readiness delay of 300 ms ended: give it ready: \{ stdout: REGEX \}/,
  );
  // The advice works: with a delay past the late bind, the same server passes.
  const waited = await run(lateEcho("  ready: { delay: 2s }"), "udp");
  assert.equal(waited.status, "passed", JSON.stringify(waited.failure));
});

Deno.test("a timeout against a command that was bound gives no readiness hint", async () => {
  const result = await run(
    `name: silent
transport: udp
requires: [python3]
server:
  command: ["python3", "${HERE}testdata/faulty_echo.py", "silent", "udp", "{host}", "{port}"]
  ready: { delay: 1s }
client:
  - send_to: { text: "x" }
  - receive_from: { text: "x" }
    timeout: 300ms
`,
    "udp",
  );
  assert.equal(result.status, "failed");
  assert.equal(
    result.failure!.message,
    "receive_from on client timed out after 300 ms; client/main sent 1 datagram and received none",
  );
});

Deno.test("the readiness hint works under deno task scenarios' permissions", async () => {
  // Deno reads nothing under /proc without --allow-all: the check must get by without it.
  const dir = await Deno.makeTempDir({ prefix: "sockspec-hint-" });
  try {
    await Deno.writeTextFile(`${dir}/late.yaml`, lateEcho(""));
    const root = new URL("../../", import.meta.url).pathname;
    const { stdout } = await new Deno.Command(Deno.execPath(), {
      args: ["run", ...SCENARIO_PERMISSIONS, "cli.ts", `${dir}/late.yaml`, "--artifacts", dir],
      cwd: root,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "null",
    }).output();
    const text = new TextDecoder().decode(stdout);
    assert.match(
      text,
      /timed out after 500 ms; .*; hint: server \(a command\) had not bound/,
      text,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
