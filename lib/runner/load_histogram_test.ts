import assert from "node:assert/strict";
import {
  createLatencyHistogram,
  formatHgrm,
  formatLatencyTable,
  formatMicros,
  IntervalRecorder,
  latencyPercentiles,
  recordLatencyMs,
} from "./load_histogram.ts";

Deno.test("formatMicros keeps 3 significant digits and picks the unit", () => {
  assert.equal(formatMicros(0.5), "0.500 µs");
  assert.equal(formatMicros(98.34), "98.3 µs");
  assert.equal(formatMicros(1063), "1.06 ms");
  assert.equal(formatMicros(2_104_000), "2.10 s");
});

Deno.test("the latency table runs from the minimum to the maximum with the count", () => {
  const histogram = createLatencyHistogram();
  for (let i = 1; i <= 1000; i++) recordLatencyMs(histogram, i / 1000); // 1 µs to 1 ms
  const table = formatLatencyTable(latencyPercentiles(histogram));
  const lines = table.trimEnd().split("\n").map((l) => l.trim());
  assert.equal(lines[0], "min  1.00 µs");
  assert.equal(lines[1], "50.000%  500 µs");
  assert.equal(lines.at(-2), "100.000%  1.00 ms");
  assert.match(lines.at(-1)!, /^mean 50\d µs, stdev 289 µs, 1000 samples$/);
  assert.match(formatHgrm(histogram), /^ +Value +Percentile +TotalCount 1\/\(1-Percentile\)\n/);
});

Deno.test("IntervalRecorder files each sample under the second it ended in", () => {
  const startMs = performance.now();
  const recorder = new IntervalRecorder(performance.timeOrigin + startMs);
  recorder.record(startMs + 10, 1);
  recorder.record(startMs + 999, 1);
  recorder.record(startMs + 2500, 2);
  recorder.fail(startMs + 1200);
  assert.deepEqual(recorder.intervals.map((i) => [i.completed, i.errors]), [[2, 0], [0, 1], [
    1,
    0,
  ]]);
  assert.equal(recorder.total().totalCount, 3);
  assert.equal(recorder.completed, 3);
  assert.equal(recorder.errors, 1);
});
