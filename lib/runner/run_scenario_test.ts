import assert from "node:assert/strict";
import { parseScenarios } from "../scenario/load.ts";
import type { Transport } from "../common/transport.ts";
import { runScenario } from "./run_scenario.ts";
import type { ScenarioResult } from "../report/result.ts";
import { entriesOf, withOwnTempDir } from "./_own_temp_dir.ts";

const HERE = new URL(".", import.meta.url).pathname;

async function run(yaml: string, transport: Transport = "tcp"): Promise<ScenarioResult> {
  const [scenario] = parseScenarios(yaml, `${HERE}testdata/inline.yaml`);
  return await runScenario(scenario, transport, { seed: 7 });
}

function check(result: ScenarioResult, name: string) {
  const found = result.checks.find((p) => p.name === name);
  assert.ok(found, `no verdict for ${name} in ${JSON.stringify(result.checks)}`);
  return found;
}

const ECHO_STREAM = `name: echo
transport: [tcp, unix]
server: { builtin: echo }
client:
  - connect: {}
  - send: { generate: 256KiB, chunk: 4KiB }
  - close_write: {}
  - receive: { until: eof, verify: sequence }
`;

for (const transport of ["tcp", "unix"] as const) {
  Deno.test(`a verified echo passes every stream check on ${transport}`, async () => {
    const result = await run(ECHO_STREAM, transport);
    assert.equal(result.status, "passed", JSON.stringify(result.failure));
    assert.deepEqual(
      result.checks.map((p) => [p.name, p.ok]),
      [["ordered", true], ["lossless", true], ["no_duplicates", true], ["intact", true]],
    );
    assert.match(check(result, "lossless").detail, /262144 bytes checked/);
    assert.ok(
      result.notes.some((n) => /client\/main: sent 256 KiB in 64 writes/.test(n)),
      result.notes.join("\n"),
    );
  });
}

const DATAGRAM_FLOWS = {
  // UDP: receive while sending, so the echo never waits on a full socket buffer.
  udp: `  - parallel:
      - - send_to: { generate: 200, count: 50 }
      - - receive_from: { verify: true, count: 50, idle: 300ms }`,
  // Unix datagrams: in windows of 10, the default net.unix.max_dgram_qlen.
  unixgram: `  - repeat:
      times: 5
      steps:
        - send_to: { generate: 200, count: 10 }
        - receive_from: { verify: true, count: 10 }`,
};

for (const transport of ["udp", "unixgram"] as const) {
  Deno.test(`verified datagrams pass every datagram check on ${transport}`, async () => {
    const result = await run(
      `name: dgram
transport: ${transport}
server: { builtin: echo }
client:
${DATAGRAM_FLOWS[transport]}
`,
      transport,
    );
    assert.equal(result.status, "passed", JSON.stringify(result.failure));
    assert.deepEqual(
      result.checks.map((p) => p.name).sort(),
      ["boundaries", "intact", "lossless", "no_duplicates", "ordered"],
    );
    assert.match(check(result, "lossless").detail, /client\/main: 0 of 50 sent datagrams lost/);
  });
}

Deno.test("expecting the wrong bytes fails at the step, with a diff and the file line", async () => {
  const result = await run(`name: wrong
transport: tcp
server: { builtin: upper }
client:
  - connect: {}
  - send: "hello"
  - receive: "HALLO"
`);
  assert.equal(result.status, "failed");
  const failure = result.failure!;
  assert.match(failure.message, /differ from the expected ones at offset 1/);
  assert.equal(failure.peer, "client");
  assert.equal(failure.step, 'receive: "HALLO"');
  assert.equal(failure.location?.line, 7);
  assert.equal(new TextDecoder().decode(failure.expected), "HALLO");
  assert.equal(new TextDecoder().decode(failure.received), "HELLO");
  assert.match(result.rerun, /--name wrong --transport tcp --seed 7$/);
  assert.ok(result.events.some((e) => e.kind === "error"));
});

function faultyStream(mode: string): string {
  return `name: faulty ${mode}
transport: tcp
requires: [python3]
server:
  command: ["python3", "faulty_echo.py", "${mode}", "tcp", "{host}", "{port}"]
  ready: { stdout: "^ready" }
client:
  - connect: {}
  - send: { generate: 8KiB }
  - close_write: {}
  - receive: { until: eof, verify: sequence }
`;
}

Deno.test("a peer that drops bytes fails lossless with the exact count", async () => {
  const result = await run(faultyStream("drop"));
  assert.equal(result.status, "failed");
  const lossless = check(result, "lossless");
  assert.equal(lossless.ok, false);
  assert.match(lossless.detail, /1000 of 8192 sent bytes lost, first at received byte 1000/);
  assert.equal(check(result, "no_duplicates").ok, true);
  assert.match(result.failure!.message, /check lossless failed/);
});

Deno.test("a peer that duplicates bytes fails no_duplicates with the exact count", async () => {
  const result = await run(faultyStream("duplicate"));
  const duplicates = check(result, "no_duplicates");
  assert.equal(duplicates.ok, false);
  assert.match(duplicates.detail, /1000 of 9192 received bytes duplicated/);
  assert.equal(check(result, "lossless").ok, true);
});

Deno.test("a peer that reorders bytes fails ordered", async () => {
  const result = await run(faultyStream("reorder"));
  const ordered = check(result, "ordered");
  assert.equal(ordered.ok, false);
  assert.match(ordered.detail, /1000 of 8192 received bytes reordered/);
  assert.equal(check(result, "lossless").ok, true);
});

Deno.test("a peer that alters a byte fails intact", async () => {
  const result = await run(faultyStream("corrupt"));
  assert.equal(check(result, "intact").ok, false);
  assert.equal(result.status, "failed");
});

Deno.test("a peer that never answers fails the receive within its timeout", async () => {
  const started = performance.now();
  const result = await run(
    faultyStream("silent").replace(
      "  - receive: { until: eof, verify: sequence }",
      "  - receive: { bytes: 1 }\n    timeout: 300ms",
    ),
  );
  assert.equal(result.status, "failed");
  assert.match(
    result.failure!.message,
    /receive on client\/main timed out after \d+ ms, after 0 bytes/,
  );
  assert.equal(result.failure!.location?.line, 11);
  // The run ends soon after the step's timeout: the silent server is stopped, not waited for.
  assert.ok(performance.now() - started < 5000);
});

function faultyDatagrams(mode: string): string {
  return `name: faulty datagrams ${mode}
transport: udp
requires: [python3]
server:
  command: ["python3", "faulty_echo.py", "${mode}", "udp", "{host}", "{port}"]
  ready: { stdout: "^ready" }
client:
  - send_to: { generate: 64, count: 50, pause: 2ms }
  - receive_from: { verify: true, count: 50, idle: 400ms }
`;
}

Deno.test("datagram loss is counted exactly, with the sequence numbers", async () => {
  const result = await run(faultyDatagrams("drop"));
  const lossless = check(result, "lossless");
  assert.equal(lossless.ok, false);
  assert.match(lossless.detail, /5 of 50 sent datagrams lost \(#9, #19, #29, #39, #49\)/);
});

Deno.test("datagram duplicates are counted exactly", async () => {
  const result = await run(
    faultyDatagrams("duplicate"),
  );
  const duplicates = check(result, "no_duplicates");
  assert.equal(duplicates.ok, false);
  assert.match(
    duplicates.detail,
    /5 of 55 received datagrams duplicated \(#4, #14, #24, #34, #44\)/,
  );
});

Deno.test("datagram reordering is counted exactly", async () => {
  const result = await run(faultyDatagrams("reorder"));
  const ordered = check(result, "ordered");
  assert.equal(ordered.ok, false);
  assert.match(ordered.detail, /1 of 50 received datagrams reordered/);
  assert.equal(check(result, "lossless").ok, true);
});

Deno.test("expect_error passes on the named error and fails when the step succeeds", async () => {
  const refused = await run(`name: refused
transport: tcp
client:
  - connect: { port: 1 }
    expect_error: ConnectionRefused
`);
  assert.equal(refused.status, "passed", JSON.stringify(refused.failure));
  const succeeded = await run(`name: not refused
transport: tcp
server: { builtin: echo }
client:
  - connect: {}
    expect_error: ConnectionRefused
`);
  assert.equal(succeeded.status, "failed");
  assert.match(succeeded.failure!.message, /expected ConnectionRefused, but the step succeeded/);
});

Deno.test("a server command that crashes fails the scenario with its exit code and output", async () => {
  const result = await run(`name: crash
transport: tcp
server:
  command: "python3 -c 'import sys; print(\\"starting\\"); sys.exit(3)'"
client:
  - connect: {}
`);
  assert.equal(result.status, "failed");
  assert.match(result.failure!.message, /server exited with code 3 before it was ready/);
  assert.match(result.failure!.output!.server.stdout, /starting/);
  assert.equal(result.failure!.output!.server.exitCode, 3);
});

Deno.test("a server command that never becomes ready fails within ready_timeout", async () => {
  const result = await run(`name: never ready
transport: tcp
server:
  command: "sleep 30"
  ready_timeout: 300ms
client:
  - connect: {}
`);
  assert.equal(result.status, "failed");
  assert.match(
    result.failure!.message,
    /server: waiting for .* to accept connections timed out after 300 ms/,
  );
});

Deno.test("a scenario that runs past its timeout fails and stops its peers", async () => {
  const result = await run(`name: slow
transport: tcp
timeout: 300ms
server: { builtin: discard }
client:
  - connect: {}
  - sleep: 10s
`);
  assert.equal(result.status, "failed");
  assert.equal(
    result.failure!.message,
    "the scenario did not finish within its timeout of 300 ms: client was in step 2 (sleep, line 7)",
  );
  assert.ok(result.durationMs < 3000, `took ${result.durationMs} ms`);
});

Deno.test("a scenario that runs past its timeout says where each peer was waiting", async () => {
  const result = await run(
    `name: a reply short
transport: udp
timeout: 500ms
server:
  - receive_from: { count: 2 }
  - send_to: { text: "a" }
  - receive_from: {}
client:
  - send_to: { text: "a" }
  - send_to: { text: "b" }
  - receive_from: { count: 2 }
`,
    "udp",
  );
  assert.equal(
    result.failure?.message,
    "the scenario did not finish within its timeout of 500 ms: " +
      "client was in step 3 (receive_from, line 11), after 1 of 2 datagrams; " +
      "server was in step 3 (receive_from, line 7), after 0 datagrams",
  );
});

Deno.test("a listed check with nothing to check fails rather than passes", async () => {
  const result = await run(`name: nothing verified
transport: tcp
server: { builtin: echo }
client:
  - connect: {}
  - send: "x"
  - receive: "x"
check: [lossless]
`);
  assert.equal(result.status, "failed");
  assert.match(check(result, "lossless").detail, /nothing to check/);
});

Deno.test("a scenario whose required program is missing is skipped with the reason", async () => {
  const result = await run(`name: needs a program
transport: tcp
requires: [no-such-program-sockspec]
client:
  - connect: { port: 1 }
`);
  assert.equal(result.status, "skipped");
  assert.match(result.skipReason!, /no-such-program-sockspec is not installed/);
});

Deno.test("no Unix socket file or temporary folder is left behind, on failure too", async () => {
  await withOwnTempDir(async (tmp) => {
    const passed = await run(ECHO_STREAM, "unix");
    const failed = await run(ECHO_STREAM.replace("verify: sequence }", "text: nope }"), "unix");
    assert.deepEqual([passed.status, failed.status], ["passed", "failed"]);
    assert.deepEqual(entriesOf(tmp), []);
  });
});

Deno.test("a server that forks a child per connection leaves no process behind", async () => {
  const marker = `sockspec-fork-${crypto.randomUUID().slice(0, 8)}`;
  const result = await run(
    `name: forking server
transport: unix
requires: [socat]
server:
  command: ["socat", "UNIX-LISTEN:{path},fork", "SYSTEM:'echo forked; sleep 30; echo ${marker}'"]
client:
  - connect: {}
  - receive: "forked\\n"
`,
    "unix",
  );
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
  const left = new Deno.Command("pgrep", { args: ["-f", marker] }).outputSync();
  assert.equal(new TextDecoder().decode(left.stdout), "", "processes left behind");
});

Deno.test("a single read (once) is compared with the expected bytes", async () => {
  const scenario = (text: string) =>
    `name: once
transport: tcp
server:
  - accept: {}
  - send: "0123456789"
  - mark: sent
  - wait: done
client:
  - connect: {}
  - wait: sent
  - receive: { once: true, buffer: 4, text: "${text}" }
  - mark: done
`;
  assert.equal((await run(scenario("0123"))).status, "passed");
  const wrong = await run(scenario("WXYZ"));
  assert.equal(wrong.status, "failed");
  assert.match(wrong.failure!.message, /one read returned 4 bytes that differ/);
});

// The waiting peers' timeouts are as long as the scenario's: had the run waited for any of them,
// it would have lasted at least that long (issue 13: one failure ends every pending step).
const LONG_WAIT_MS = 60_000;

Deno.test("one peer's failure ends the other peers' pending accept, receive and wait at once", async () => {
  const result = await run(`name: abort
transport: tcp
timeout: ${LONG_WAIT_MS}
step_timeout: ${LONG_WAIT_MS}
peers:
  server:
    - accept: {}
    - receive: "never sent"
  server_idle:
    - accept: {}
  client:
    - connect: {}
    - send: "x"
    - assert: { equal: ["a", "b"] }
    - mark: client_done
  client_waiting:
    - wait: never_marked_but_loaded
  client_marker:
    - wait: client_done
    - mark: never_marked_but_loaded
`);
  assert.equal(result.status, "failed");
  assert.match(result.failure?.message ?? "", /"a"/);
  assert.equal(result.failure?.peer, "client");
  assert.ok(
    result.durationMs < LONG_WAIT_MS,
    `the run lasted ${Math.round(result.durationMs)} ms: it waited for a step's timeout`,
  );
});

Deno.test("sending to a server that has not bound yet says so, and how to wait for it", async () => {
  const result = await run(
    `name: early
transport: udp
peers:
  server_alice:
    - send_to: { text: "hi", to: server_bob }
  server_bob:
    - receive_from: { text: "hi" }
`,
    "udp",
  );
  assert.equal(result.status, "failed");
  assert.equal(result.failure?.peer, "server_alice");
  assert.match(result.failure?.message ?? "", /^server_bob has not bound yet: .*wait\/mark/);
});

Deno.test("a receive with a size fails on an EOF before that size, whatever the checks", async () => {
  const result = await run(`name: short
transport: tcp
check: [intact]
server:
  - accept: {}
  - send: { generate: 1000, pattern: zero }
  - close: {}
client:
  - connect: {}
  - receive: { verify: zero, size: 2000 }
`);
  assert.equal(result.status, "failed");
  assert.equal(result.failure?.message, "EOF after 1000 of 2000 bytes");
});

Deno.test("a datagram of the wrong length is dumped as its first 256 of all its bytes", async () => {
  const result = await run(
    `name: long
transport: udp
server: { builtin: echo }
client:
  - send_to: { generate: 65507 }
  - receive_from: { bytes: 100 }
`,
    "udp",
  );
  assert.equal(result.status, "failed");
  assert.equal(result.failure?.received?.length, 256);
  assert.equal(result.failure?.receivedBytes, 65507);
});

Deno.test("expect_message passes on a matching message and fails on another one", async () => {
  const scenario = (pattern: string) =>
    `name: refused
transport: tcp
client:
  - connect: { port: 1 }
    expect_error: ConnectionRefused
    expect_message: "${pattern}"
`;
  const matching = await run(scenario("refused"));
  assert.equal(matching.status, "passed", JSON.stringify(matching.failure));
  // The pattern is RE2, as the loader checked it: its flag syntax works.
  const caseless = await run(scenario("(?i)CONNECTION REFUSED"));
  assert.equal(caseless.status, "passed", JSON.stringify(caseless.failure));
  const other = await run(scenario("^no such thing$"));
  assert.equal(other.status, "failed");
  assert.match(
    other.failure?.message ?? "",
    /^expected ConnectionRefused with a message matching \/\^no such thing\$\/, got: .*refused/,
  );
});

Deno.test("for_each runs its steps once per value, the value in its variable", async () => {
  const [scenario] = parseScenarios(
    `name: sizes
transport: udp
server: { builtin: echo }
client:
  - for_each:
      values: [16, 100, 1000]
      as: size
      steps:
        - send_to: { generate: "{size}" }
        - receive_from: { bytes: "{size}" }
  - assert: { equal: ["{size} {index}", "1000 2"] }
`,
    `${HERE}testdata/inline.yaml`,
  );
  const result = await runScenario(scenario, "udp", { seed: 7, keepEvents: Infinity });
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
  const received = result.events.filter((e) => e.peer === "client" && e.kind === "receive");
  assert.deepEqual(received.map((e) => e.bytes), [16, 100, 1000]);
});

Deno.test("a for_each value that is not a size fails the step that reads it", async () => {
  const result = await run(
    `name: bad size
transport: udp
server: { builtin: echo }
client:
  - for_each:
      values: [16, 8]
      steps:
        - send_to: { generate: "{value}" }
        - receive_from: {}
`,
    "udp",
  );
  assert.equal(result.status, "failed");
  assert.equal(
    result.failure?.message,
    "send_to.generate: {value} is 8 bytes, expected at least 16",
  );
});

Deno.test("repeat until stops once the condition holds, and fails when its rounds run out", async () => {
  const scenario = (until: string) =>
    `name: until
transport: tcp
server: { builtin: echo }
client:
  - repeat:
      until: ${until}
      times: 5
      steps:
        - connect: {}
  - assert: { equal: ["{round}", "2"] }
`;
  const stops = await run(scenario(`{ equal: ["{round}", "2"] }`));
  assert.equal(stops.status, "passed", JSON.stringify(stops.failure));
  const runsOut = await run(scenario(`{ equal: ["{round}", "9"] }`));
  assert.equal(runsOut.status, "failed");
  assert.equal(runsOut.failure?.message, 'expected "5" to equal "9" after 5 rounds');
});

Deno.test("send with once makes one write call and captures the byte count it returned", async () => {
  const [scenario] = parseScenarios(
    `name: once
transport: unix
server:
  - accept: {}
  - wait: written
client:
  - connect: {}
  - send: { generate: 32MiB, once: true, capture: written }
  - assert: { between: ["{written}", 1, 33554431] }
  - mark: written
`,
    `${HERE}testdata/inline.yaml`,
  );
  const result = await runScenario(scenario, "unix", { seed: 7, keepEvents: Infinity });
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
  const [first] = result.events.filter((e) => e.kind === "send");
  assert.ok(first.bytes! > 0 && first.bytes! < 32 * 1024 * 1024, `one call took ${first.bytes}`);
  assert.match(first.detail ?? "", new RegExp(`^one write call took ${first.bytes} of 33554432`));
});

Deno.test("a pattern that backtracks exponentially in JavaScript fails by its timeout, no hang", async () => {
  // 40 "a" and a "!": a backtracking engine tries 2^40 ways before it gives up, synchronously,
  // so no timer could end the step. RE2 finds no match in one pass, and the step times out.
  const result = await run(`name: catastrophic pattern
transport: tcp
server: { builtin: echo }
client:
  - connect: {}
  - send: "${"a".repeat(40)}!"
  - receive: { match: "^(a+)+$" }
    timeout: 300ms
`);
  assert.equal(result.status, "failed");
  assert.match(result.failure!.message, /timed out after 300 ms, after 41 bytes/);
});

Deno.test("a capture that makes a pattern invalid fails the step, not the run", async () => {
  const result = await run(`name: captured pattern
transport: tcp
server: { builtin: echo }
client:
  - connect: {}
  - send: "(unclosed\\n"
  - receive: { until: "\\n", capture: bad }
  - send: "x"
  - receive: { match: "{bad}" }
`);
  assert.equal(result.status, "failed");
  assert.match(result.failure!.message, /after expanding variables: expected an RE2 regular/);
});

Deno.test("a payload file named through variables is checked at the step: a device is refused", async () => {
  // {tmp} is /tmp/sockspec-...: the loader cannot see where this path leads, the step can.
  const result = await run(`name: device behind a variable
transport: tcp
server: { builtin: discard }
client:
  - connect: {}
  - send: { file: "{tmp}/../../dev/zero" }
`);
  assert.equal(result.status, "failed");
  assert.match(result.failure!.message, /payload file: expected a regular file, found \/dev\/zero/);
});

Deno.test("receive_from idle counts from this socket's last send: a gap while sending loses nothing more", async () => {
  // Replies are dropped at random (seeded): a run of three drops is a 150 ms gap in arrivals,
  // longer than idle, while the client is still sending every 50 ms. Only the dropped replies
  // may count as lost, not the ones that came after such a gap.
  const [scenario] = parseScenarios(
    `name: gaps while sending
transport: udp
seed: 5
server: { builtin: echo }
faults:
  - drop: { probability: 0.5 }
    direction: to_client
client:
  - parallel:
      - - send_to: { generate: 64, count: 40, pause: 50ms }
      - - receive_from: { verify: true, count: 40, idle: 120ms }
check: [min_loss: 1]
`,
    `${HERE}testdata/inline.yaml`,
  );
  const result = await runScenario(scenario, "udp", { seed: 5, keepEvents: 1000 });
  assert.equal(result.status, "passed", JSON.stringify(result.failure ?? result.checks));
  const drops = result.events.filter((e) => e.kind === "fault" && e.fault === "drop").length;
  const check = result.events.find((e) => e.kind === "datagram_check")!.datagram!;
  assert.ok(drops >= 3, `${drops} drops`);
  assert.equal(check.lost, drops, JSON.stringify({ check, drops }));
});
