/**
 * Realistic results for the reporters' tests: a pass, a failed step with a byte diff, a failed
 * datagram check, a skip, and a result whose text needs escaping.
 *
 * @module
 */
import type { RecordEvent } from "../record/event.ts";
import type { RunSummary, ScenarioResult } from "./result.ts";
import type { Reporter } from "./reporter.ts";

const encoder = new TextEncoder();

/** A passed TCP echo scenario with stream checks and notes. */
export function passedResult(): ScenarioResult {
  return {
    id: "scenarios/tcp/echo.yaml#TCP echo returns every byte[tcp]",
    name: "TCP echo returns every byte",
    file: "scenarios/tcp/echo.yaml",
    line: 1,
    transport: "tcp",
    tags: ["stream", "echo"],
    status: "passed",
    durationMs: 42.7,
    seed: 12345,
    checks: [
      { name: "ordered", ok: true, detail: "1048576 of 1048576 bytes in order" },
      { name: "lossless", ok: true, detail: "0 bytes lost" },
    ],
    notes: ["client wrote 1048576 bytes in 256 writes of 4096; server read them in 97 reads"],
    events: [
      { timeMicros: 10, peer: "server", conn: "main", kind: "listen", detail: "127.0.0.1:40123" },
      { timeMicros: 250, peer: "client", conn: "main", kind: "connect" },
    ],
    rerun: "deno task scenarios scenarios/tcp/echo.yaml --name 'TCP echo returns every byte' " +
      "--transport tcp --seed 12345",
  };
}

/** Events of a failed upper-case exchange: 25 of them, so a table of the last 20 cuts 5. */
export function upperEvents(): RecordEvent[] {
  const events: RecordEvent[] = [
    { timeMicros: 12, peer: "server", conn: "main", kind: "listen", detail: "127.0.0.1:40123" },
    { timeMicros: 180, peer: "client", conn: "main", kind: "connect", detail: "127.0.0.1:40123" },
    { timeMicros: 201, peer: "server", conn: "c1", kind: "accept", detail: "127.0.0.1:51234" },
  ];
  for (let i = 0; i < 20; i++) {
    events.push({
      timeMicros: 300 + i * 10,
      peer: i % 2 === 0 ? "client" : "server",
      conn: i % 2 === 0 ? "main" : "c1",
      kind: i % 2 === 0 ? "send" : "receive",
      bytes: 6,
      offset: Math.floor(i / 2) * 6,
    });
  }
  events.push({
    timeMicros: 1550,
    peer: "client",
    conn: "main",
    kind: "receive",
    bytes: 6,
    offset: 60,
    detail: "step 3",
  });
  events.push({
    timeMicros: 1602,
    peer: "client",
    conn: "main",
    kind: "stream_check",
    stream: {
      pattern: "literal",
      expectedBytes: 6,
      receivedBytes: 6,
      lostBytes: 0,
      duplicatedBytes: 0,
      reorderedBytes: 0,
      corruptedBytes: 5,
      firstMismatchAt: 0,
      lostRanges: [],
      duplicatedRanges: [],
    },
  });
  return events;
}

/** A failed receive step: expected `HELLO\n`, received `hello\n`, from a command server. */
export function failedStepResult(): ScenarioResult {
  return {
    id: "scenarios/tcp/upper.yaml#upper-case server answers in capitals[tcp]",
    name: "upper-case server answers in capitals",
    file: "scenarios/tcp/upper.yaml",
    line: 3,
    transport: "tcp",
    tags: ["stream"],
    status: "failed",
    durationMs: 1250,
    seed: 12345,
    failure: {
      message: 'expected "HELLO\\n" (6 bytes), received "hello\\n" (6 bytes)',
      peer: "client",
      step: 'receive: { text: "HELLO\\n" }',
      location: { file: "scenarios/tcp/upper.yaml", line: 12, column: 7 },
      expected: encoder.encode("HELLO\n"),
      received: encoder.encode("hello\n"),
      output: {
        server: {
          stdout: Array.from({ length: 14 }, (_, i) => `request ${i + 1}`).join("\n") + "\n",
          stderr: "warning: lowercase mode\n",
          exitCode: 1,
        },
      },
    },
    checks: [
      { name: "ordered", ok: true, detail: "6 of 6 bytes in order" },
      { name: "lossless", ok: false, detail: "5 of 6 bytes corrupted" },
    ],
    notes: ["client wrote 6 bytes in 1 write; server read them in 1 read"],
    events: upperEvents(),
    rerun: "deno task scenarios scenarios/tcp/upper.yaml --name " +
      "'upper-case server answers in capitals' --transport tcp --seed 12345",
  };
}

/** A UDP scenario that failed only its loss check. */
export function failedCheckResult(): ScenarioResult {
  return {
    id: "scenarios/udp/boundaries.yaml#UDP keeps datagram boundaries[udp]",
    name: "UDP keeps datagram boundaries",
    file: "scenarios/udp/boundaries.yaml",
    line: 1,
    transport: "udp",
    tags: ["datagram"],
    status: "failed",
    durationMs: 310.4,
    seed: 12345,
    checks: [
      { name: "boundaries", ok: true, detail: "997 of 997 datagrams whole" },
      { name: "max_loss", ok: false, detail: "3 of 1000 datagrams lost, limit 0" },
    ],
    notes: [],
    events: [
      {
        timeMicros: 300000,
        peer: "server",
        conn: "sock",
        kind: "datagram_check",
        datagram: {
          sent: 1000,
          received: 997,
          lost: 3,
          duplicated: 0,
          reordered: 1,
          truncated: 0,
          corrupted: 0,
          lostSeqs: [17, 512, 998],
          duplicatedSeqs: [],
        },
      },
    ],
    rerun: "deno task scenarios scenarios/udp/boundaries.yaml --transport udp --seed 12345",
  };
}

/** A scenario skipped because the machine cannot create network namespaces. */
export function skippedResult(): ScenarioResult {
  return {
    id: "scenarios/faults/netem.yaml#kernel netem loss[udp]",
    name: "kernel netem loss",
    file: "scenarios/faults/netem.yaml",
    line: 1,
    transport: "udp",
    tags: ["netem"],
    status: "skipped",
    durationMs: 0,
    seed: 12345,
    skipReason: "needs ip netns: Operation not permitted",
    checks: [],
    notes: [],
    events: [],
    rerun: "deno task scenarios scenarios/faults/netem.yaml --transport udp --seed 12345",
  };
}

/** A failed result whose name and message hold markup, `#`, and characters XML 1.0 forbids. */
export function nastyResult(): ScenarioResult {
  return {
    id: "scenarios/x.yaml#odd[unix]",
    name: 'odd <name> & "quotes" # not a directive \\ \x07bell',
    file: "scenarios/x&y.yaml",
    line: 2,
    transport: "unix",
    tags: [],
    status: "failed",
    durationMs: 5,
    seed: 7,
    failure: {
      message: "received \x00\x1b[31m and ]]> and a lone \ud800 surrogate\nsecond line",
      received: new Uint8Array([0, 1, 2, 0xff, 0x41]),
    },
    checks: [],
    notes: ["note with <tag> and \x0c form feed"],
    events: [],
    rerun: "deno task scenarios 'scenarios/x&y.yaml' --seed 7",
  };
}

/** A run of the given results, with counts taken from them. */
export function summaryOf(results: ScenarioResult[], durationMs = 3210): RunSummary {
  return {
    passed: results.filter((r) => r.status === "passed").length,
    failed: results.filter((r) => r.status === "failed").length,
    skipped: results.filter((r) => r.status === "skipped").length,
    durationMs,
    seed: 12345,
    results,
  };
}

/** The four ordinary results: a pass, two failures and a skip. */
export function allResults(): ScenarioResult[] {
  return [passedResult(), failedStepResult(), failedCheckResult(), skippedResult()];
}

/** Drives a reporter through a whole run of `results`, in order, as the runner would. */
export async function drive(
  reporter: Reporter,
  results: ScenarioResult[],
  summary: RunSummary = summaryOf(results),
): Promise<void> {
  await reporter.start({ total: results.length, seed: summary.seed, concurrency: 2 });
  for (const result of results) {
    reporter.begin?.(result.id, result.name, result.transport);
    await reporter.result(result);
  }
  await reporter.end(summary);
}

/** A `write` option that collects text, and the text collected so far. */
export function collector(): { write: (text: string) => void; text: () => string } {
  const parts: string[] = [];
  return { write: (text) => void parts.push(text), text: () => parts.join("") };
}
