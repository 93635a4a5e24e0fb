/**
 * Property-based tests (fast-check) of the stream verifier and the checks, bounded to a few
 * seconds: `sequence` streams with one piece removed, duplicated or swapped fail exactly the check
 * that the anomaly breaks, with exact counts.
 *
 * A failing property prints fast-check's seed and path; rerun with them to reproduce.
 *
 * @module
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import type { CheckDocument } from "../../lib/check/schema.ts";
import { fillPattern, StreamVerifier } from "../../lib/pattern/mod.ts";
import { evaluateChecks } from "../../lib/check/mod.ts";
import type { RecordEvent, StreamCheckSummary } from "../../lib/record/event.ts";

const RUNS = 150;
const LIMIT_RUNS = 50;

/** What happened to the stream between sender and receiver. */
type StreamAnomaly =
  | { kind: "intact" }
  | { kind: "removed"; start: number; length: number }
  | { kind: "duplicated"; start: number; length: number; insertAt: number }
  | { kind: "swapped"; start: number; first: number; second: number };

/** Smallest piece that the verifier locates between two anomalies (see StreamVerifier's limits). */
const MIN_PIECE = 8;

const streamCase = fc
  .record({
    seed: fc.nat({ max: 0xffffffff }),
    total: fc.integer({ min: 4 * MIN_PIECE, max: 20_000 }),
    kind: fc.constantFrom("intact", "removed", "duplicated", "swapped"),
    a: fc.double({ min: 0, max: 1, noNaN: true }),
    b: fc.double({ min: 0, max: 1, noNaN: true }),
    c: fc.double({ min: 0, max: 1, noNaN: true }),
    cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }),
  })
  .map(({ seed, total, kind, a, b, c, cuts }) => {
    const pick = (f: number, min: number, max: number) =>
      Math.min(max, min + Math.floor(f * (max - min + 1)));
    let anomaly: StreamAnomaly;
    if (kind === "removed") {
      const length = pick(a, 1, total - 1);
      anomaly = { kind, start: pick(b, 0, total - length), length };
    } else if (kind === "duplicated") {
      const length = pick(a, MIN_PIECE, Math.floor(total / 2));
      const start = pick(b, 0, total - length);
      // The copy arrives after the original has: at its end or later.
      anomaly = { kind, start, length, insertAt: pick(c, start + length, total) };
    } else if (kind === "swapped") {
      const first = pick(a, MIN_PIECE, Math.floor(total / 2) - MIN_PIECE);
      const second = pick(b, MIN_PIECE, total - first);
      anomaly = { kind, start: pick(c, 0, total - first - second), first, second };
    } else anomaly = { kind: "intact" };
    return { seed, total, anomaly, cuts };
  });

/** The bytes as they arrive. */
function received(sent: Uint8Array, anomaly: StreamAnomaly): Uint8Array {
  const parts: Uint8Array[] = [];
  if (anomaly.kind === "intact") parts.push(sent);
  else if (anomaly.kind === "removed") {
    parts.push(
      sent.subarray(0, anomaly.start),
      sent.subarray(anomaly.start + anomaly.length),
    );
  } else if (anomaly.kind === "duplicated") {
    parts.push(
      sent.subarray(0, anomaly.insertAt),
      sent.subarray(anomaly.start, anomaly.start + anomaly.length),
      sent.subarray(anomaly.insertAt),
    );
  } else {
    const { start, first, second } = anomaly;
    parts.push(
      sent.subarray(0, start),
      sent.subarray(start + first, start + first + second),
      sent.subarray(start, start + first),
      sent.subarray(start + first + second),
    );
  }
  const whole = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    whole.set(part, offset);
    offset += part.length;
  }
  return whole;
}

/** Pushes `bytes` in reads cut at the fractions `cuts`. */
function verify(bytes: Uint8Array, cuts: number[], seed: number, total: number) {
  const verifier = new StreamVerifier({ seed, expectedBytes: total });
  const points = [...new Set(cuts.map((f) => Math.floor(f * bytes.length)))].sort((x, y) => x - y);
  let from = 0;
  for (const point of [...points, bytes.length]) {
    verifier.push(bytes.subarray(from, point));
    from = point;
  }
  return verifier.finish();
}

function expectedStreamCounts(anomaly: StreamAnomaly) {
  return {
    lostBytes: anomaly.kind === "removed" ? anomaly.length : 0,
    duplicatedBytes: anomaly.kind === "duplicated" ? anomaly.length : 0,
    // The first piece arrives after the second: its bytes fill a gap late.
    reorderedBytes: anomaly.kind === "swapped" ? anomaly.first : 0,
    corruptedBytes: 0,
  };
}

const STREAM_CHECK_OF = {
  lostBytes: "lossless",
  duplicatedBytes: "no_duplicates",
  reorderedBytes: "ordered",
  corruptedBytes: "intact",
} as const;

function streamEvent(summary: StreamCheckSummary): RecordEvent {
  return { kind: "stream_check", peer: "c", conn: "main", timeMicros: 0, stream: summary };
}

Deno.test("a stream with one piece removed, duplicated or swapped fails exactly that check", () => {
  const kinds = new Map<string, number>();
  fc.assert(
    fc.property(streamCase, ({ seed, total, anomaly, cuts }) => {
      kinds.set(anomaly.kind, (kinds.get(anomaly.kind) ?? 0) + 1);
      const sent = fillPattern(new Uint8Array(total), { seed });
      const summary = verify(received(sent, anomaly), cuts, seed, total);
      const expected = expectedStreamCounts(anomaly);
      assert.deepEqual(
        {
          lostBytes: summary.lostBytes,
          duplicatedBytes: summary.duplicatedBytes,
          reorderedBytes: summary.reorderedBytes,
          corruptedBytes: summary.corruptedBytes,
        },
        expected,
        JSON.stringify({ anomaly, total, summary }),
      );
      const failing = Object.entries(expected).filter(([, n]) => n > 0)
        .map(([key]) => STREAM_CHECK_OF[key as keyof typeof expected]);
      for (
        const checks of [
          [],
          ["ordered", "lossless", "no_duplicates", "intact"],
        ] as CheckDocument[][]
      ) {
        const verdicts = evaluateChecks(checks, [streamEvent(summary)], "tcp");
        assert.deepEqual(
          verdicts.map((v) => v.name).sort(),
          ["intact", "lossless", "no_duplicates", "ordered"],
        );
        assert.deepEqual(
          verdicts.filter((v) => !v.ok).map((v) => v.name).sort(),
          failing.sort(),
          JSON.stringify({ anomaly, verdicts }),
        );
      }
    }),
    { numRuns: RUNS },
  );
  console.log(`  streams: ${[...kinds].map(([k, n]) => `${n} ${k}`).join(", ")}`);
});

Deno.test("a stream's anomaly within its limit passes, one byte over fails", () => {
  fc.assert(
    fc.property(streamCase.filter((c) => c.anomaly.kind !== "intact"), (case_) => {
      const { seed, total, anomaly, cuts } = case_;
      const summary = verify(
        received(fillPattern(new Uint8Array(total), { seed }), anomaly),
        cuts,
        seed,
        total,
      );
      const counts = expectedStreamCounts(anomaly);
      const [key, bad] = Object.entries(counts).find(([, n]) => n > 0)!;
      const limitKey = { lostBytes: "max_loss", duplicatedBytes: "max_duplicates" }[key] ??
        "max_reordered";
      const verdictAt = (limit: number) =>
        evaluateChecks(
          [{ [limitKey]: limit } as CheckDocument],
          [streamEvent(summary)],
          "tcp",
        )[0];
      assert.equal(verdictAt(bad).ok, true, verdictAt(bad).detail);
      assert.equal(verdictAt(bad - 1).ok, false, verdictAt(bad - 1).detail);
    }),
    { numRuns: LIMIT_RUNS },
  );
});
