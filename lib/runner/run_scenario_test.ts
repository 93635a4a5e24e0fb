import assert from "node:assert/strict";
import { parseScenarios } from "../scenario/load.ts";
import type { Transport } from "../common/transport.ts";
import { runScenario } from "./run_scenario.ts";
import type { ScenarioResult } from "../report/result.ts";

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
  assert.match(result.failure!.message, /did not finish within its timeout of 300 ms/);
  assert.ok(result.durationMs < 3000, `took ${result.durationMs} ms`);
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
  const before = new Set(listTemp());
  await run(ECHO_STREAM, "unix");
  await run(ECHO_STREAM.replace("verify: sequence }", "text: nope }"), "unix");
  const left = listTemp().filter((name) => !before.has(name));
  assert.deepEqual(left, []);
});

function listTemp(): string[] {
  return [...Deno.readDirSync(Deno.env.get("TMPDIR") ?? "/tmp")]
    .map((e) => e.name)
    .filter((name) => name.startsWith("sockspec-"));
}

Deno.test("a server that forks a child per connection leaves no process behind", async () => {
  const marker = `sockspec-fork-${crypto.randomUUID().slice(0, 8)}`;
  const result = await run(
    `name: forking server
transport: unix
requires: [socat]
server:
  command: ["socat", "UNIX-LISTEN:{path},fork", "SYSTEM:'sleep 30; echo ${marker}'"]
client:
  - connect: {}
  - send: "x"
  - sleep: 200ms
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
  - wait: done
client:
  - connect: {}
  - sleep: 50ms
  - receive: { once: true, buffer: 4, text: "${text}" }
  - mark: done
`;
  assert.equal((await run(scenario("0123"))).status, "passed");
  const wrong = await run(scenario("WXYZ"));
  assert.equal(wrong.status, "failed");
  assert.match(wrong.failure!.message, /one read returned 4 bytes that differ/);
});
