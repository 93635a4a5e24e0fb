/**
 * Scenarios against hostile peers: small Python 3 servers under `tests/hostile_peers/` that never
 * accept, never answer, answer one byte at a time, send without end, close or reset in the middle
 * of a message, half-close at once, send datagrams larger than the receive buffer, crash, never
 * become ready, or ignore SIGTERM.
 *
 * Each scenario must fail on its own, within its timeout, with a message that says what happened;
 * no hostile process may outlive its scenario (found with `pgrep -f` and a marker unique to the
 * run); and a healthy scenario run right after, in the same process, must pass.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseScenarios } from "../lib/scenario/load.ts";
import type { Transport } from "../lib/common/transport.ts";
import { runScenario } from "../lib/runner/run_scenario.ts";
import type { ScenarioResult } from "../lib/report/result.ts";

const HERE = new URL(".", import.meta.url).pathname;
/** The scenarios' file: command peers run in its folder, beside the Python scripts. */
const SCENARIO_FILE = join(HERE, "hostile_peers", "hostile.yaml");
/** Slack over a scenario's own timeout: stopping a peer that ignores SIGTERM takes 1.5 s. */
const SLACK_MS = 5000;

interface HostileCase {
  /** What the peer does, for the test name. */
  does: string;
  script: string;
  transport: Transport;
  /** Scenario keys after `name`, `transport` and `requires`; `{peer}` is the command. */
  body: string;
  /** The scenario's timeout, in ms, as written in `body`. */
  timeoutMs: number;
  /** What the failure message must say. */
  message: RegExp;
  /** The step that must have failed, as written, when a step fails. */
  step?: RegExp;
  /** More checks of the result. */
  check?: (result: ScenarioResult) => void;
}

const STREAM_CLIENT = `client:
  - connect: {}
  - send: "hello\\n"
  - receive: "HELLO WORLD\\n"
    timeout: 1s
`;

const CASES: HostileCase[] = [
  {
    does: "listens but never accepts",
    script: "never_accept.py",
    transport: "tcp",
    timeoutMs: 5000,
    body: `timeout: 5s
server: { command: "{peer}" }
${STREAM_CLIENT}`,
    message: /timed out after 1000 ms, after 0 bytes/,
    step: /^receive: "HELLO WORLD\\n" timeout: /,
  },
  {
    does: "accepts and never answers",
    script: "silent.py",
    transport: "tcp",
    timeoutMs: 5000,
    body: `timeout: 5s
server: { command: "{peer}" }
${STREAM_CLIENT}`,
    message: /timed out after 1000 ms, after 0 bytes/,
    step: /^receive: "HELLO WORLD\\n" timeout: /,
  },
  {
    does: "answers one byte every 300 ms",
    script: "slow_drip.py",
    transport: "tcp",
    timeoutMs: 5000,
    body: `timeout: 5s
server: { command: "{peer}" }
${STREAM_CLIENT}`,
    // The step's timeout, not the time that was left for its last read.
    message: /timed out after 1000 ms, after [1-5] bytes/,
    step: /^receive: "HELLO WORLD\\n" timeout: /,
    check: (result) => {
      const received = new TextDecoder().decode(result.failure?.received);
      assert.match(received, /^H(E(L(L(O)?)?)?)?$/, `the bytes that came: ${received}`);
    },
  },
  {
    does: "sends data without end, never the delimiter",
    script: "endless.py",
    transport: "tcp",
    timeoutMs: 8000,
    body: `timeout: 8s
server: { command: "{peer}" }
client:
  - connect: {}
  - receive: { until: "\\n", max: 256KiB }
    timeout: 5s
`,
    message: /no delimiter "\\n" in the first 262144 bytes/,
    step: /^receive: \{ until: "\\n", max: 256KiB \}/,
  },
  {
    does: "sends data without end, never EOF",
    script: "endless.py",
    transport: "tcp",
    timeoutMs: 5000,
    body: `timeout: 5s
server: { command: "{peer}" }
client:
  - connect: {}
  - receive: { until: eof }
    timeout: 1s
`,
    // The step's timeout, and every byte that arrived, not only the 1 MiB kept.
    message: /timed out after 1000 ms, after \d{7,} bytes/,
    check: (result) => {
      const total = Number(/after (\d+) bytes/.exec(result.failure!.message)![1]);
      assert.ok(total > 1 << 20, `${total} bytes counted`);
    },
  },
  {
    does: "closes in the middle of the answer",
    script: "close_mid_message.py",
    transport: "tcp",
    timeoutMs: 5000,
    body: `timeout: 5s
server: { command: "{peer}" }
${STREAM_CLIENT}`,
    message: /^EOF after 6 of 12 expected bytes; expected "HELLO WORLD\\n", received "HELLO "$/,
    step: /^receive: "HELLO WORLD\\n" timeout: /,
    check: (result) => {
      assert.equal(new TextDecoder().decode(result.failure?.received), "HELLO ");
    },
  },
  {
    does: "resets the connection (SO_LINGER 0)",
    script: "reset.py",
    transport: "tcp",
    timeoutMs: 5000,
    body: `timeout: 5s
server: { command: "{peer}" }
${STREAM_CLIENT}`,
    message: /reset/i,
    step: /^receive: "HELLO WORLD\\n" timeout: /,
  },
  {
    does: "half-closes at once",
    script: "half_close.py",
    transport: "tcp",
    timeoutMs: 5000,
    body: `timeout: 5s
server: { command: "{peer}" }
client:
  - connect: {}
  - expect_eof: {}
  - send: "the other direction is still open\\n"
  - receive: "HELLO WORLD\\n"
    timeout: 1s
`,
    message: /^EOF after 0 of 12 expected bytes; expected "HELLO WORLD\\n", received ""$/,
    step: /^receive: "HELLO WORLD\\n" timeout: /,
  },
  {
    does: "answers with a datagram larger than the receive buffer",
    script: "big_datagram.py",
    transport: "udp",
    timeoutMs: 5000,
    body: `timeout: 5s
server: { command: "{peer}" }
client:
  - send_to: { text: "hello" }
  - receive_from: { bytes: 4000, buffer: 512 }
    timeout: 1s
`,
    message: /^expected a datagram of 4000 bytes, received 512 bytes$/,
    step: /^receive_from: \{ bytes: 4000, buffer: 512 \}/,
  },
  {
    does: "crashes while a client is connected",
    script: "crash.py",
    transport: "tcp",
    timeoutMs: 8000,
    body: `timeout: 8s
server: { command: "{peer}" }
client:
  - connect: {}
  - send: "hello\\n"
  - sleep: 3s
  - receive: "HELLO WORLD\\n"
`,
    // The headline ends with the last lines of the server's stderr: here, the traceback's last.
    message:
      /^server exited with code 1 while clients were running; stderr ends: .*"RuntimeError: hostile peer crashing on purpose after reading b'hello\\\\n'"$/,
    check: (result) => {
      const output = result.failure?.output?.server;
      assert.ok(output, "the report keeps the server's output");
      assert.equal(output.exitCode, 1);
      assert.match(output.stderr, /RuntimeError: hostile peer crashing on purpose/);
      assert.ok(result.durationMs < 3000, `the crash stops the run at once: ${result.durationMs}`);
    },
  },
  {
    does: "never listens, so its port never accepts",
    script: "never_ready.py",
    transport: "tcp",
    timeoutMs: 5000,
    body: `timeout: 5s
server:
  command: "{peer}"
  ready: { port: true }
  ready_timeout: 1s
${STREAM_CLIENT}`,
    message: /^server: waiting for 127\.0\.0\.1:\d+ to accept connections timed out after 1000 ms$/,
  },
  {
    does: "never prints the line it is to be ready on",
    script: "never_ready.py",
    transport: "tcp",
    timeoutMs: 5000,
    body: `timeout: 5s
server:
  command: "{peer}"
  ready: { stdout: "^READY$" }
  ready_timeout: 1s
${STREAM_CLIENT}`,
    message: /^server: waiting for a stdout line matching \/\^READY\$\/ timed out after 1000 ms$/,
  },
  {
    does: "ignores SIGTERM",
    script: "ignore_sigterm.py",
    transport: "tcp",
    timeoutMs: 5000,
    body: `timeout: 5s
server: { command: "{peer}" }
client:
  - connect: {}
  - send: "hello\\n"
  - receive: "HELLO WORLD\\n"
    timeout: 500ms
`,
    message: /timed out after 500 ms, after 0 bytes/,
    step: /^receive: "HELLO WORLD\\n" timeout: /,
  },
];

const HEALTHY_CLIENT: Record<"stream" | "datagram", string> = {
  stream: `client:
  - connect: {}
  - send: { generate: 64KiB, chunk: 4KiB }
  - close_write: {}
  - receive: { until: eof, verify: sequence }
`,
  datagram: `client:
  - send_to: { generate: 200, count: 20 }
  - receive_from: { verify: true, count: 20 }
`,
};

function healthy(transport: Transport): string {
  const family = transport === "udp" || transport === "unixgram" ? "datagram" : "stream";
  return `name: a healthy echo after a hostile peer
transport: ${transport}
server: { builtin: echo }
${HEALTHY_CLIENT[family]}`;
}

function hasPython(): boolean {
  try {
    return new Deno.Command("python3", { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

/** Pids of live processes whose command line holds `marker`. */
async function processesWith(marker: string): Promise<string[]> {
  const { stdout } = await new Deno.Command("pgrep", { args: ["-f", marker], stdout: "piped" })
    .output();
  return new TextDecoder().decode(stdout).split("\n").filter((pid) => pid !== "");
}

async function runYaml(yaml: string, transport: Transport): Promise<ScenarioResult> {
  const [scenario] = parseScenarios(yaml, SCENARIO_FILE);
  return await runScenario(scenario, transport, { seed: 11 });
}

const PYTHON = hasPython();

for (const hostile of CASES) {
  Deno.test({
    name: `a peer that ${hostile.does} fails its scenario in time, and the next one passes`,
    ignore: !PYTHON,
    fn: async () => {
      const marker = `sockspec-hostile-${crypto.randomUUID()}`;
      const command = `python3 ${hostile.script} {host} {port} ${marker}`;
      const yaml = `name: a peer that ${hostile.does}
transport: ${hostile.transport}
requires: [python3]
${hostile.body.replace("{peer}", command)}`;
      const started = performance.now();
      const result = await runYaml(yaml, hostile.transport);
      const wallMs = performance.now() - started;

      assert.equal(result.status, "failed", JSON.stringify(result.failure));
      const failure = result.failure!;
      assert.match(failure.message, hostile.message, JSON.stringify(failure.message));
      if (hostile.step) {
        assert.equal(failure.peer, "client");
        assert.match(failure.step ?? "", hostile.step);
        assert.equal(failure.location?.file, SCENARIO_FILE);
      }
      hostile.check?.(result);
      assert.ok(
        wallMs < hostile.timeoutMs + SLACK_MS,
        `ran ${wallMs.toFixed(0)} ms with a timeout of ${hostile.timeoutMs} ms`,
      );
      assert.deepEqual(await processesWith(marker), [], `a ${hostile.script} outlived its run`);

      const next = await runYaml(healthy(hostile.transport), hostile.transport);
      assert.equal(next.status, "passed", JSON.stringify(next.failure));
      assert.ok(next.checks.length > 0 && next.checks.every((p) => p.ok));
    },
  });
}

Deno.test({
  name: "every hostile script is used by a case",
  fn: () => {
    const scripts = [...Deno.readDirSync(join(HERE, "hostile_peers"))]
      .map((entry) => entry.name)
      .filter((name) => name.endsWith(".py") && !name.startsWith("_"));
    assert.deepEqual(scripts.sort(), [...new Set(CASES.map((c) => c.script))].sort());
  },
});

Deno.test({
  name: "the leak check finds a live process by its marker, and not once it is gone",
  ignore: !PYTHON,
  fn: async () => {
    const marker = `sockspec-hostile-${crypto.randomUUID()}`;
    const child = new Deno.Command("python3", {
      args: ["-c", "import time; print('up', flush=True); time.sleep(30)", marker],
      stdout: "piped",
      stderr: "null",
    }).spawn();
    const reader = child.stdout.getReader();
    try {
      // Python runs (with the marker in its argv) once it prints: wait for that, not a time.
      await reader.read();
      assert.deepEqual(await processesWith(marker), [String(child.pid)]);
    } finally {
      child.kill("SIGKILL");
      await reader.cancel();
      await child.status;
    }
    assert.deepEqual(await processesWith(marker), []);
  },
});
