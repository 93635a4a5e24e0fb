/**
 * Property-based tests (fast-check) of the datagram tracker and the checks, bounded to a few
 * seconds: datagrams dropped, duplicated, reordered and truncated at random are counted exactly as
 * a reference model counts them, and fail exactly the checks those counts break.
 *
 * A failing property prints fast-check's seed and path; rerun with them to reproduce.
 *
 * @module
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import type { CheckDocument } from "../../lib/check/schema.ts";
import type { Transport } from "../../lib/common/transport.ts";
import { DatagramTracker, encodeDatagram } from "../../lib/pattern/mod.ts";
import { evaluateChecks } from "../../lib/check/mod.ts";
import type { DatagramCheckSummary, RecordEvent } from "../../lib/record/event.ts";

const RUNS = 150;
const LIMIT_RUNS = 50;

interface Arrival {
  seq: number;
  /** Length the datagram is cut to, when truncated. */
  cutTo?: number;
}

const datagramCase = fc
  .record({
    seed: fc.nat({ max: 0xffffffff }),
    count: fc.integer({ min: 1, max: 200 }),
    sizeBytes: fc.integer({ min: 16, max: 300 }),
    transport: fc.constantFrom("udp", "unixgram") as fc.Arbitrary<Transport>,
    // Per datagram: dropped, duplicated, truncated (each with a small chance).
    fates: fc.array(
      fc.record({
        drop: fc.double({ min: 0, max: 1, noNaN: true }),
        duplicate: fc.double({ min: 0, max: 1, noNaN: true }),
        truncate: fc.double({ min: 0, max: 1, noNaN: true }),
        cut: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      { minLength: 200, maxLength: 200 },
    ),
    rates: fc.record({
      drop: fc.constantFrom(0, 0.05, 0.3),
      duplicate: fc.constantFrom(0, 0.05, 0.3),
      truncate: fc.constantFrom(0, 0.05, 0.3),
    }),
    swaps: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 }),
  })
  .map(({ seed, count, sizeBytes, transport, fates, rates, swaps }) => {
    const arrivals: Arrival[] = [];
    for (let seq = 0; seq < count; seq++) {
      const fate = fates[seq];
      if (fate.drop < rates.drop) continue;
      // A cut keeps at least the sequence number (8 bytes), so the datagram still counts as
      // arrived; a shorter cut is "truncated" with no sequence number.
      const cutTo = fate.truncate < rates.truncate
        ? Math.min(sizeBytes - 1, 8 + Math.floor(fate.cut * (sizeBytes - 8)))
        : undefined;
      arrivals.push({ seq, cutTo });
      if (fate.duplicate < rates.duplicate) arrivals.push({ seq });
    }
    for (const [i, j] of swaps) {
      if (arrivals.length < 2) break;
      const [x, y] = [i % arrivals.length, j % arrivals.length];
      [arrivals[x], arrivals[y]] = [arrivals[y], arrivals[x]];
    }
    return { seed, count, sizeBytes, transport, arrivals };
  });

/** What DatagramTracker must find, counted the simple way. */
function modelCounts(count: number, arrivals: Arrival[]) {
  const seen = new Set<number>();
  let highest = -1;
  let duplicated = 0;
  let reordered = 0;
  for (const { seq } of arrivals) {
    if (seen.has(seq)) duplicated++;
    else {
      seen.add(seq);
      if (seq < highest) reordered++;
      else highest = seq;
    }
  }
  return {
    sent: count,
    received: arrivals.length,
    lost: count - seen.size,
    duplicated,
    reordered,
    truncated: arrivals.filter((a) => a.cutTo !== undefined).length,
    corrupted: 0,
    merged: 0,
    split: 0,
  };
}

/** The first 16 lost sequence numbers, ascending, and the first 16 duplicated ones, by arrival. */
function modelSeqs(count: number, arrivals: Arrival[]) {
  const seen = new Set<number>();
  const duplicatedSeqs: number[] = [];
  for (const { seq } of arrivals) {
    if (seen.has(seq) && duplicatedSeqs.length < 16 && !duplicatedSeqs.includes(seq)) {
      duplicatedSeqs.push(seq);
    }
    seen.add(seq);
  }
  const lostSeqs = Array.from({ length: count }, (_, seq) => seq).filter((seq) => !seen.has(seq));
  return { lostSeqs: lostSeqs.slice(0, 16), duplicatedSeqs };
}

function datagramEvent(summary: DatagramCheckSummary): RecordEvent {
  return { kind: "datagram_check", peer: "c", conn: "main", timeMicros: 0, datagram: summary };
}

Deno.test("datagrams dropped, duplicated, reordered and truncated are counted exactly", () => {
  const totals = { lost: 0, duplicated: 0, reordered: 0, truncated: 0, flows: 0 };
  fc.assert(
    fc.property(datagramCase, ({ seed, count, sizeBytes, transport, arrivals }) => {
      const tracker = new DatagramTracker({ seed, expectedCount: count });
      for (const { seq, cutTo } of arrivals) {
        const datagram = encodeDatagram(seq, { sizeBytes, seed });
        tracker.push(cutTo === undefined ? datagram : datagram.subarray(0, cutTo));
      }
      const summary = tracker.finish();
      const expected = modelCounts(count, arrivals);
      const {
        lostSeqs,
        duplicatedSeqs,
        truncatedSeqs: _truncated,
        mergedSeqs: _merged,
        splitSeqs: _split,
        corruptedSeqs: _corrupted,
        ...counts
      } = summary;
      assert.deepEqual(counts, expected, JSON.stringify({ arrivals, summary }));
      assert.deepEqual({ lostSeqs, duplicatedSeqs }, modelSeqs(count, arrivals));
      for (const key of ["lost", "duplicated", "reordered", "truncated"] as const) {
        totals[key] += expected[key];
      }
      totals.flows++;

      const failing = [
        ...(expected.reordered > 0 ? ["ordered"] : []),
        ...(expected.lost > 0 ? ["lossless"] : []),
        ...(expected.duplicated > 0 ? ["no_duplicates"] : []),
        ...(expected.truncated > 0 ? ["boundaries", "intact"] : []),
      ];
      const defaults = evaluateChecks([], [datagramEvent(summary)], transport);
      assert.deepEqual(
        defaults.map((v) => v.name).sort(),
        ["boundaries", "intact", "lossless", "no_duplicates", "ordered"],
      );
      assert.deepEqual(defaults.filter((v) => !v.ok).map((v) => v.name).sort(), failing.sort());
      const intact = evaluateChecks(["intact"], [datagramEvent(summary)], transport)[0];
      assert.equal(intact.ok, expected.truncated === 0, intact.detail);
    }),
    { numRuns: RUNS },
  );
  console.log(
    `  datagram flows: ${totals.flows}, with ${totals.lost} lost, ${totals.duplicated} duplicated, ` +
      `${totals.reordered} reordered, ${totals.truncated} truncated in all`,
  );
});

Deno.test("datagram limits pass at the count and fail one below it, in counts and percents", () => {
  fc.assert(
    fc.property(datagramCase, ({ seed, count, sizeBytes, transport, arrivals }) => {
      const tracker = new DatagramTracker({ seed, expectedCount: count });
      for (const { seq, cutTo } of arrivals) {
        const datagram = encodeDatagram(seq, { sizeBytes, seed });
        tracker.push(cutTo === undefined ? datagram : datagram.subarray(0, cutTo));
      }
      const summary = tracker.finish();
      const events = [datagramEvent(summary)];
      const limits = [
        ["max_loss", summary.lost],
        ["max_duplicates", summary.duplicated],
        ["max_reordered", summary.reordered],
      ] as const;
      for (const [key, found] of limits) {
        const verdict = (limit: number | string) =>
          evaluateChecks([{ [key]: limit } as CheckDocument], events, transport)[0];
        assert.equal(verdict(found).ok, true, verdict(found).detail);
        if (found > 0) assert.equal(verdict(found - 1).ok, false, verdict(found - 1).detail);
        // As a percentage (of the datagrams sent for loss, of those received for the others):
        // the exact share passes, a smaller one fails.
        const percent = (found / (key === "max_loss" ? count : summary.received)) * 100;
        assert.equal(verdict(found === 0 ? "0%" : `${percent + 1e-9}%`).ok, true);
        if (found > 0) assert.equal(verdict(`${percent * 0.99}%`).ok, false);
        // A lower limit (min_loss, ...): the count found passes, one more fails.
        const minKey = key.replace("max_", "min_");
        const atLeast = (limit: number) =>
          evaluateChecks([{ [minKey]: limit } as CheckDocument], events, transport)[0];
        assert.equal(atLeast(found).ok, true, atLeast(found).detail);
        assert.equal(atLeast(found + 1).ok, false, atLeast(found + 1).detail);
        const exactly = evaluateChecks(
          [{ [minKey]: found }, { [key]: found }] as CheckDocument[],
          events,
          transport,
        )[0];
        assert.equal(exactly.ok, true, exactly.detail);
      }
    }),
    { numRuns: LIMIT_RUNS },
  );
});
