/**
 * End to end: scenarios with a `faults:` section, run on real sockets through the seeded relay.
 * For every fault kind the relay injects it and the checks (or, for stream faults that
 * end or stall a connection, the step outcomes) report exactly what the relay's `fault` events
 * say it injected.
 */
import assert from "node:assert/strict";
import { parseScenarios } from "../../lib/scenario/load.ts";
import type { Transport } from "../../lib/common/transport.ts";
import type {
  DatagramCheckSummary,
  RecordEvent,
  StreamCheckSummary,
} from "../../lib/record/event.ts";
import type { CheckVerdict, ScenarioResult } from "../../lib/report/result.ts";
import { runScenario } from "../../lib/runner/run_scenario.ts";

const HERE = new URL(".", import.meta.url).pathname;

async function run(
  yaml: string,
  transport: Transport,
  seed = 7,
): Promise<ScenarioResult> {
  const [scenario] = parseScenarios(yaml, `${HERE}testdata/faults_inline.yaml`);
  return await runScenario(scenario, transport, { seed, keepEvents: 100_000 });
}

function check(result: ScenarioResult, name: string): CheckVerdict {
  const found = result.checks.find((p) => p.name === name);
  assert.ok(found, `no verdict for ${name} in ${JSON.stringify(result.checks)}`);
  return found;
}

/** Events a failed result keeps, at most (run_scenario.ts), whatever `keepEvents` says. */
const FAILED_EVENTS_KEPT = 200;

/** The whole record of a run; a failed result keeps only its last events, which prove nothing. */
function recordOf(result: ScenarioResult): readonly RecordEvent[] {
  assert.ok(
    result.status === "passed" || result.events.length < FAILED_EVENTS_KEPT,
    `the record of a failed run was cut to its last ${result.events.length} events`,
  );
  return result.events;
}

/** The relay's `fault` events whose detail matches `pattern`. */
function faultEvents(result: ScenarioResult, pattern: RegExp): RecordEvent[] {
  return recordOf(result).filter((e) =>
    e.peer === "relay" && e.kind === "fault" && pattern.test(e.detail ?? "")
  );
}

/** What a datagram verdict says: `client/main: 20 of 100 datagrams duplicated (#4, #9)`. */
function datagramCount(verdict: CheckVerdict, word: string) {
  const match = new RegExp(
    `client/main: (\\d+) of (\\d+) (?:sent |received )?datagrams ${word}(?: \\(([^)]*)\\))?`,
  )
    .exec(verdict.detail);
  assert.ok(match, `no "${word}" count in ${verdict.detail}`);
  const seqs = match[3] ? match[3].split(", ").map((s) => Number(s.slice(1))) : [];
  return { count: Number(match[1]), total: Number(match[2]), seqs };
}

/** What a stream verdict says: `client/main: 3096 of 4096 bytes lost` or `4096 bytes checked`. */
function streamCount(verdict: CheckVerdict, word: string) {
  const bad = new RegExp(`client/main: (\\d+) of (\\d+) (?:sent |received )?bytes ${word}`)
    .exec(verdict.detail);
  if (bad) return { count: Number(bad[1]), total: Number(bad[2]) };
  const none = new RegExp(`client/main: (\\d+) bytes checked, none ${word}`).exec(verdict.detail);
  assert.ok(none, `no "${word}" count in ${verdict.detail}`);
  return { count: 0, total: Number(none[1]) };
}

function datagramSummary(result: ScenarioResult): DatagramCheckSummary {
  const checks = recordOf(result).filter((e) => e.kind === "datagram_check" && e.peer === "client");
  assert.equal(checks.length, 1, "one verified datagram flow");
  return checks[0].datagram!;
}

function streamSummary(result: ScenarioResult): StreamCheckSummary {
  const checks = recordOf(result).filter((e) => e.kind === "stream_check" && e.peer === "client");
  assert.equal(checks.length, 1, "one verified stream");
  return checks[0].stream!;
}

/** Sequence numbers the relay named in its events, in order. */
function seqsOf(events: RecordEvent[]): number[] {
  return events.map((e) => e.seq!);
}

function expectedErrors(result: ScenarioResult, peer: string): string[] {
  return recordOf(result)
    .filter((e) => e.peer === peer && e.kind === "error" && /\(expected\)$/.test(e.detail ?? ""))
    .map((e) => e.detail!);
}

const range = (from: number, to: number, step: number) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

/** A verified datagram flow through the echo, the client draining until it is idle. */
function datagramFlow(fault: string, count = 100, checks = "[]"): string {
  return `name: datagram fault
transport: [udp, unixgram]
server: { builtin: echo }
faults:
${fault}
client:
  - send_to: { generate: 64, count: ${count} }
  - receive_from: { verify: true, count: ${count}, idle: 400ms }
check: ${checks}
`;
}

const DATAGRAM_TRANSPORTS = ["udp", "unixgram"] as const;

// ---------------------------------------------------------------------------------- datagrams

for (const transport of DATAGRAM_TRANSPORTS) {
  Deno.test(`drop: lossless counts exactly the datagrams the relay dropped (${transport})`, async () => {
    const result = await run(
      datagramFlow(
        "  - drop: { probability: 0.2 }\n    direction: to_server",
        100,
        '[max_loss: "100%", no_duplicates, ordered, boundaries]',
      ),
      transport,
    );
    assert.equal(result.status, "passed", JSON.stringify(result.failure));
    const drops = faultEvents(result, /^to_server: dropped datagram #\d+ \(64 bytes\)$/);
    assert.ok(drops.length > 0, "the seed drops some datagrams");
    const lossless = datagramCount(check(result, "lossless"), "lost");
    assert.equal(lossless.count, drops.length);
    assert.equal(lossless.total, 100);
    assert.deepEqual(lossless.seqs, seqsOf(drops).slice(0, 8));
    const summary = datagramSummary(result);
    assert.deepEqual(summary.lostSeqs, seqsOf(drops).slice(0, 16));
    assert.equal(summary.received, 100 - drops.length);
    for (const name of ["no_duplicates", "ordered", "boundaries"]) {
      assert.equal(check(result, name).ok, true, check(result, name).detail);
    }
  });

  Deno.test(`drop every 5th: max_loss 20 passes at exactly 20 lost (${transport})`, async () => {
    const result = await run(
      datagramFlow(
        "  - drop: { every: 5 }\n    direction: to_server",
        100,
        "[max_loss: 20, no_duplicates]",
      ),
      transport,
    );
    assert.equal(result.status, "passed", JSON.stringify(result.failure));
    const drops = faultEvents(result, /dropped datagram/);
    assert.deepEqual(seqsOf(drops), range(4, 99, 5));
    assert.match(
      check(result, "lossless").detail,
      /^client\/main: 20 of 100 sent datagrams lost \(#4, #9, #14, #19, #24, #29, #34, #39\); limit 20$/,
    );
  });

  Deno.test(`duplicate: no_duplicates counts exactly the copies the relay sent (${transport})`, async () => {
    const result = await run(
      datagramFlow(
        "  - duplicate: { probability: 0.2 }\n    direction: to_client",
        100,
        '[lossless, max_duplicates: "100%", ordered, boundaries]',
      ),
      transport,
    );
    assert.equal(result.status, "passed", JSON.stringify(result.failure));
    const copies = faultEvents(result, /^to_client: duplicated datagram #\d+ .*1 extra copy$/);
    assert.ok(copies.length > 0, "the seed duplicates some datagrams");
    const duplicates = datagramCount(check(result, "no_duplicates"), "duplicated");
    assert.equal(duplicates.count, copies.length);
    assert.deepEqual(duplicates.seqs, seqsOf(copies).slice(0, 8));
    const summary = datagramSummary(result);
    assert.deepEqual(summary.duplicatedSeqs, seqsOf(copies).slice(0, 16));
    assert.equal(summary.received, 100 + copies.length);
    // A copy is neither a loss nor a reordering.
    for (const name of ["lossless", "ordered", "boundaries"]) {
      assert.equal(check(result, name).ok, true, check(result, name).detail);
    }
  });

  Deno.test(`reorder: ordered counts exactly the held datagrams others overtook (${transport})`, async () => {
    const result = await run(
      datagramFlow(
        "  - reorder: { probability: 0.2, after_datagrams: 1, max_hold_ms: 500 }\n" +
          "    direction: to_server",
        100,
        '[lossless, no_duplicates, max_reordered: "100%", boundaries]',
      ),
      transport,
    );
    assert.equal(result.status, "passed", JSON.stringify(result.failure));
    const held = faultEvents(result, /^to_server: held datagram #\d+ back/);
    const overtaken = faultEvents(result, /^to_server: released datagram #\d+ after datagram/);
    const timedOut = faultEvents(result, /^to_server: released datagram #\d+ after 500 ms/);
    assert.ok(overtaken.length > 0, "the seed reorders some datagrams");
    assert.equal(held.length, overtaken.length + timedOut.length);
    // A datagram released by max_hold_ms had no follower: it arrives in order.
    assert.equal(datagramCount(check(result, "ordered"), "reordered").count, overtaken.length);
    for (const name of ["lossless", "no_duplicates", "boundaries"]) {
      assert.equal(check(result, name).ok, true, check(result, name).detail);
    }
  });

  Deno.test(`reorder every 5th of 100: 20 held, 19 overtaken, ordered reports 19 (${transport})`, async () => {
    const result = await run(
      datagramFlow(
        "  - reorder: { every: 5, max_hold_ms: 50 }\n    direction: to_client",
        100,
        "[max_reordered: 19, lossless]",
      ),
      transport,
    );
    assert.equal(result.status, "passed", JSON.stringify(result.failure));
    assert.deepEqual(seqsOf(faultEvents(result, /held datagram/)), range(4, 99, 5));
    assert.deepEqual(
      faultEvents(result, /released datagram #99/).map((e) => e.detail),
      ["to_client: released datagram #99 after 50 ms (too few followed)"],
    );
    assert.match(
      check(result, "ordered").detail,
      /: 19 of 100 received datagrams reordered; limit 19$/,
    );
  });

  Deno.test(`truncate: boundaries and intact count exactly the cut datagrams (${transport})`, async () => {
    const result = await run(
      datagramFlow(
        "  - truncate: { to_bytes: 20, probability: 0.25 }\n    direction: to_server",
        30, // boundaries fails, so the result keeps only the last 200 events: a short flow
        "[lossless, boundaries, intact]",
      ),
      transport,
    );
    const cuts = faultEvents(result, /^to_server: truncated datagram #\d+ from 64 to 20 bytes$/);
    assert.ok(cuts.length > 0, "the seed truncates some datagrams");
    const boundaries = datagramCount(check(result, "boundaries"), "truncated");
    assert.equal(boundaries.count, cuts.length);
    assert.equal(check(result, "boundaries").ok, false);
    // Named as what happened, with the lengths: not "corrupted".
    assert.equal(datagramCount(check(result, "intact"), "truncated").count, cuts.length);
    assert.match(check(result, "boundaries").detail, /#\d+: 20 of 64 bytes/);
    assert.doesNotMatch(check(result, "intact").detail, /corrupted/);
    assert.equal(datagramSummary(result).truncated, cuts.length);
    // A truncated datagram still arrived: its header names it.
    assert.equal(check(result, "lossless").ok, true, check(result, "lossless").detail);
  });
}

Deno.test("delay: ordered counts the delayed datagrams that later ones overtook", async () => {
  // #4 and #9 are held 150 ms (less than the receive's idle); #5 and #10, sent right after
  // them, arrive first.
  const result = await run(
    datagramFlow("  - delay: { ms: 150 }\n    every: 5\n    direction: to_server", 11, "[]"),
    "udp",
  );
  const delayed = faultEvents(result, /^to_server: delayed datagram #\d+ by 150\.0 ms$/);
  assert.deepEqual(seqsOf(delayed), [4, 9]);
  assert.equal(datagramCount(check(result, "ordered"), "reordered").count, delayed.length);
  assert.equal(datagramCount(check(result, "lossless"), "lost").count, 0);
  assert.equal(datagramCount(check(result, "no_duplicates"), "duplicated").count, 0);
});

Deno.test("delay and duplicate on unixgram: literal datagrams arrive in the order the faults make", async () => {
  const result = await run(
    `name: literal
transport: unixgram
server: { builtin: echo }
faults:
  - duplicate: { every: 2 }
    direction: to_server
  - delay: { ms: 200 }
    every: 3
    direction: to_client
client:
  - send_to: { text: "a" }
  - send_to: { text: "b" }
  - send_to: { text: "c" }
  - receive_from: { text: "a" }
  - receive_from: { text: "b" }
  - receive_from: { text: "c" }
  - receive_from: { text: "b" }
`,
    "unixgram",
  );
  // To the echo: a b b c (the 2nd duplicated); back: a b c after the 3rd, "b", was held 200 ms.
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
  assert.deepEqual(
    faultEvents(result, /./).map((e) => e.detail),
    [
      "to_server: duplicated datagram #1 (1 bytes): 1 extra copy",
      "to_client: delayed datagram #2 by 200.0 ms",
    ],
  );
});

// ------------------------------------------------------------------------------------ streams

Deno.test("slicer: 1-byte pieces both ways, every byte verified and counted by the relay", async () => {
  const result = await run(
    `name: slicer
transport: tcp
server: { builtin: echo }
faults:
  - slicer: { min_bytes: 1, max_bytes: 1, delay_ms: 5 }
client:
  - connect: {}
  - send: { generate: 24 }
  - close_write: {}
  - receive: { until: eof, verify: sequence }
check: [ordered, lossless, no_duplicates, intact]
`,
    "tcp",
  );
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
  const splits = faultEvents(result, /^to_client: split write \d+ \(\d+ bytes\) into \d+ pieces/);
  const pieces = splits.map((e) => /into (\d+) pieces: ([\d, ]+)$/.exec(e.detail!)!);
  const sizes = pieces.flatMap((m) => m[2].split(", ").map(Number));
  assert.ok(sizes.every((size) => size === 1), `pieces ${sizes}`);
  assert.equal(sizes.length, streamCount(check(result, "lossless"), "lost").total);
  assert.equal(streamSummary(result).receivedBytes, 24);
  // 24 pieces 5 ms apart: the client cannot read them all at once.
  const reads = recordOf(result).filter((e) => e.peer === "client" && e.kind === "receive");
  assert.ok(reads.length > 1, `${reads.length} reads`);
});

Deno.test("coalesce: three writes arrive as the one write the relay made, intact", async () => {
  const result = await run(
    `name: coalesce
transport: unix
server:
  - accept: {}
  - send: { generate: 3000, chunk: 1000, pause: 20ms }
faults:
  - coalesce: { max_bytes: 3000, max_ms: 2000 }
    direction: to_client
client:
  - connect: {}
  - receive: { verify: sequence, size: 3000 }
check: [ordered, lossless, no_duplicates, intact]
`,
    "unix",
  );
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
  const coalesced = faultEvents(result, /coalesced/);
  assert.deepEqual(coalesced.map((e) => e.detail), [
    "to_client: coalesced writes 0-2 (3000 bytes) into one write (3000 >= 3000 bytes)",
  ]);
  assert.equal(streamCount(check(result, "lossless"), "lost").total, coalesced[0].bytes);
  const reads = recordOf(result).filter((e) => e.peer === "client" && e.kind === "receive");
  assert.deepEqual(reads.map((e) => e.bytes), [3000]);
});

Deno.test("latency: a receive shorter than the delay times out, the next one gets the bytes", async () => {
  const result = await run(
    `name: latency
transport: tcp
server: { builtin: echo }
faults:
  - latency: { ms: 250 }
    direction: to_client
client:
  - connect: {}
  - send: "late"
  - receive: "late"
    timeout: 50ms
    expect_error: TimedOut
  - receive: "late"
`,
    "tcp",
  );
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
  assert.deepEqual(faultEvents(result, /delayed/).map((e) => e.detail), [
    "to_client: delayed write 0 (4 bytes) by 250.0 ms",
  ]);
  assert.deepEqual(expectedErrors(result, "client"), ["TimedOut (expected)"]);
});

Deno.test("bandwidth: the relay paces every byte the verifier counts", async () => {
  const result = await run(
    `name: bandwidth
transport: tcp
server: { builtin: echo }
faults:
  - bandwidth: { bytes_per_second: 100KiB }
    direction: to_client
client:
  - connect: {}
  - send: { generate: 20KiB }
  - close_write: {}
  - receive: { until: eof, verify: sequence }
check: [ordered, lossless, no_duplicates, intact]
`,
    "tcp",
  );
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
  const paced = faultEvents(result, /^to_client: paced write \d+ \(\d+ bytes\) in \d+ slices/);
  const pacedBytes = paced.reduce((sum, e) => sum + e.bytes!, 0);
  assert.equal(pacedBytes, streamCount(check(result, "lossless"), "lost").total);
  assert.equal(pacedBytes, 20 * 1024);
  // 20 KiB at 100 KiB/s in 2 KiB slices: the last slice leaves at least 180 ms after the first.
  assert.ok(result.durationMs >= 180, `took ${result.durationMs} ms`);
});

Deno.test("reset: lossless counts the bytes after the reset; both peers see ConnectionReset", async () => {
  const result = await run(
    `name: reset
transport: tcp
server:
  - accept: {}
  - send: { generate: 8KiB }
  - receive: { bytes: 1 }
    expect_error: ConnectionReset
faults:
  - reset: { after_bytes: 4KiB }
    direction: to_client
client:
  - connect: {}
  - receive: { verify: sequence, size: 8KiB }
    expect_error: ConnectionReset
check: [ordered, lossless, no_duplicates, intact]
`,
    "tcp",
  );
  const resets = faultEvents(result, /^to_client: reset the connection after 4096 bytes/);
  assert.equal(resets.length, 1);
  assert.deepEqual(expectedErrors(result, "client"), ["ConnectionReset (expected)"]);
  assert.deepEqual(expectedErrors(result, "server"), ["ConnectionReset (expected)"]);
  assert.equal(streamSummary(result).receivedBytes, 4096);
  assert.deepEqual(streamCount(check(result, "lossless"), "lost"), {
    count: 8192 - 4096,
    total: 8192,
  });
  assert.match(
    result.failure?.message ?? "",
    /^check lossless failed: lossless: client\/main: 4096 of 8192 sent bytes lost/,
  );
});

Deno.test("reset on a Unix stream: the client gets the bytes before it, then an error or EOF", async () => {
  const result = await run(
    `name: reset unix
transport: unix
server:
  - accept: {}
  - send: { generate: 8KiB }
faults:
  - reset: { after_bytes: 1000 }
    direction: to_client
client:
  - connect: {}
  - receive: { verify: sequence, size: 1000 }
  - receive: { bytes: 1 }
    expect_error: [ConnectionReset, UnexpectedEof]
check: [ordered, lossless, no_duplicates, intact]
`,
    "unix",
  );
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
  assert.equal(faultEvents(result, /reset the connection after 1000 bytes/).length, 1);
  assert.equal(streamSummary(result).receivedBytes, 1000);
});

Deno.test("close: lossless counts the missing tail after the relay's FIN", async () => {
  const result = await run(
    `name: close
transport: tcp
server:
  - accept: {}
  - send: { generate: 4KiB }
faults:
  - close: { after_bytes: 1000 }
    direction: to_client
client:
  - connect: {}
  - receive: { verify: sequence, size: 4KiB }
    expect_error: UnexpectedEof # the size is named: an EOF before it fails the receive
  - expect_eof: {}
check: [ordered, lossless, no_duplicates, intact]
`,
    "tcp",
  );
  const closes = faultEvents(result, /^to_client: closed the connection after 1000 bytes/);
  assert.equal(closes.length, 1);
  assert.equal(streamSummary(result).receivedBytes, 1000);
  assert.deepEqual(streamCount(check(result, "lossless"), "lost"), {
    count: 4096 - 1000,
    total: 4096,
  });
  for (const name of ["ordered", "no_duplicates", "intact"]) {
    assert.equal(check(result, name).ok, true, check(result, name).detail);
  }
});

Deno.test("blackhole: the bytes the relay swallowed are the bytes lossless misses", async () => {
  const result = await run(
    `name: blackhole
transport: tcp
server:
  - accept: {}
  - send: { generate: 4KiB, chunk: 1KiB, pause: 10ms }
  - wait: client-done
faults:
  - blackhole: {}
    direction: to_client
    from_bytes: 1000
client:
  - connect: {}
  - receive: { verify: sequence, size: 4KiB }
    timeout: 300ms
    expect_error: TimedOut
  - mark: client-done
check: [ordered, lossless, no_duplicates, intact]
`,
    "tcp",
  );
  assert.deepEqual(expectedErrors(result, "client"), ["TimedOut (expected)"]);
  const swallowed = faultEvents(result, /^to_client: swallowed write/);
  const swallowedBytes = swallowed.reduce((sum, e) => sum + e.bytes!, 0);
  assert.equal(swallowedBytes, 4096 - 1000);
  assert.equal(streamSummary(result).receivedBytes, 1000);
  assert.deepEqual(streamCount(check(result, "lossless"), "lost"), {
    count: swallowedBytes,
    total: 4096,
  });
});

Deno.test("blackhole: a server that never answers is caught by the receive timeout", async () => {
  const result = await run(
    `name: blackhole silent
transport: unix
server:
  - accept: {}
  - receive: { bytes: 1 }
    timeout: 300ms
    expect_error: TimedOut
faults:
  - blackhole: {}
client:
  - connect: {}
  - send: "ping"
  - receive: { bytes: 1 }
    timeout: 300ms
    expect_error: TimedOut
`,
    "unix",
  );
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
  assert.deepEqual(faultEvents(result, /swallowed write/).map((e) => e.detail), [
    "to_server: swallowed write 0 (4 bytes)",
  ]);
  assert.deepEqual(expectedErrors(result, "server"), ["TimedOut (expected)"]);
});

Deno.test("slow_close: the end of the stream misses a short timeout, then arrives", async () => {
  const result = await run(
    `name: slow close
transport: tcp
server: { builtin: echo }
faults:
  - slow_close: { delay_ms: 250 }
    direction: to_client
client:
  - connect: {}
  - send: "bye"
  - close_write: {}
  - receive: "bye"
  - expect_eof: {}
    timeout: 50ms
    expect_error: TimedOut
  - expect_eof: {}
`,
    "tcp",
  );
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
  assert.deepEqual(faultEvents(result, /delayed the end/).map((e) => e.detail), [
    "to_client: delayed the end of the stream (FIN) by 250 ms",
  ]);
});

// -------------------------------------------------------------------------------- determinism

const PROBABLE_DROPS = datagramFlow(
  "  - drop: { probability: 0.3 }\n    direction: to_server",
  50,
  "[lossless]",
);

function decisions(result: ScenarioResult) {
  return {
    faults: faultEvents(result, /./).map((e) => [e.conn, e.seq, e.detail]),
    verdicts: result.checks.map((p) => [p.name, p.ok, p.detail]),
  };
}

Deno.test("the same seed makes the same drop decisions and verdicts; another seed others", async () => {
  const first = decisions(await run(PROBABLE_DROPS, "udp", 42));
  const again = decisions(await run(PROBABLE_DROPS, "udp", 42));
  const other = decisions(await run(PROBABLE_DROPS, "udp", 43));
  assert.ok(first.faults.length > 0);
  assert.deepEqual(again, first);
  assert.notDeepEqual(other.faults, first.faults);
  assert.notDeepEqual(other.verdicts, first.verdicts);
});

Deno.test("the same seed cuts a stream write into the same pieces; another seed others", async () => {
  const yaml = `name: seeded slicer
transport: tcp
server: { builtin: echo }
faults:
  - slicer: { min_bytes: 1, max_bytes: 16 }
    direction: to_server
client:
  - connect: {}
  - send: { generate: 256 }
  - close_write: {}
  - receive: { until: eof, verify: sequence }
`;
  const pieces = async (seed: number) =>
    faultEvents(await run(yaml, "tcp", seed), /split write/).map((e) => e.detail);
  const first = await pieces(42);
  assert.equal(first.length, 1, "one write of 256 bytes reaches the relay");
  assert.deepEqual(await pieces(42), first);
  assert.notDeepEqual(await pieces(43), first);
});
