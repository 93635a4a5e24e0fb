import assert from "node:assert/strict";
import {
  createIntervalHistogram,
  createLatencyHistogram,
  decodeHistogram,
  encodeHistogram,
  latencyPercentiles,
  recordLatencyMs,
} from "./load_histogram.ts";
import { type LoadResult, LoadTotals, mergeLoadResults, MergeMismatch } from "./load_result.ts";

/** A result as one instance reports it, from latencies (ms) per second. */
function instance(seconds: number[][], errors = 0): LoadResult {
  const totals = new LoadTotals();
  const intervals = seconds.map((values) => {
    const histogram = createIntervalHistogram();
    values.forEach((v) => recordLatencyMs(histogram, v));
    return { completed: values.length, errors: 0, histogram };
  });
  const histogram = createLatencyHistogram();
  seconds.flat().forEach((v) => recordLatencyMs(histogram, v));
  const completed = histogram.totalCount;
  totals.add({
    completed,
    errors,
    sentBytes: completed,
    receivedBytes: completed,
    histogram,
    intervals,
  });
  const durationMs = seconds.length * 1000;
  return {
    name: "x",
    transport: "tcp",
    unit: "request",
    clients: 2,
    workers: 1,
    pipeline: 1,
    reconnect: false,
    durationMs,
    completed,
    errors,
    perSecond: completed / seconds.length,
    sentBytes: completed,
    receivedBytes: completed,
    latency: latencyPercentiles(totals.histogram),
    histogram: encodeHistogram(totals.histogram),
    intervals: totals.reportIntervals(durationMs),
    checks: [],
    instances: 1,
  };
}

Deno.test("merged results equal one histogram that recorded every sample", () => {
  const samples = Array.from(
    { length: 4 },
    (_, k) =>
      Array.from(
        { length: 2 },
        (_, s) => Array.from({ length: 50 }, (_, i) => 0.05 + (k * 7 + s * 3 + i) / 97),
      ),
  );
  const merged = mergeLoadResults(samples.map((seconds) => instance(seconds, 1)));
  const all = createLatencyHistogram();
  samples.flat(2).forEach((v) => recordLatencyMs(all, v));
  assert.equal(merged.completed, 400);
  assert.equal(merged.errors, 4);
  assert.equal(merged.instances, 4);
  assert.equal(merged.clients, 8);
  assert.deepEqual(merged.latency, latencyPercentiles(all));
  assert.equal(decodeHistogram(merged.histogram).totalCount, 400);
  assert.deepEqual(merged.intervals.map((i) => i.completed), [200, 200]);
  assert.equal(merged.perSecond, 4 * 50);
});

Deno.test("results of different scenarios do not merge", () => {
  const other = { ...instance([[1]]), name: "y" };
  assert.throws(() => mergeLoadResults([instance([[1]]), other]), MergeMismatch);
  assert.throws(() => mergeLoadResults([]), /nothing to merge/);
});
