import assert from "node:assert/strict";
import {
  createLatencyHistogram,
  decodeHistogram,
  encodeHistogram,
  recordLatencyMs,
  summarizeHistogram,
} from "./histogram.ts";

/** True if `actual` is within the histogram's 3-significant-digit precision of `expected`. */
function near(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= expected * 0.001 + 1e-9;
}

Deno.test("summarizeHistogram gives percentiles of 1..1000 µs in µs", () => {
  const h = createLatencyHistogram();
  for (let micros = 1; micros <= 1000; micros++) recordLatencyMs(h, micros / 1000);
  const s = summarizeHistogram(h);
  assert.equal(s.count, 1000);
  assert.ok(near(s.minMicros, 1), `min ${s.minMicros}`);
  assert.ok(near(s.p50Micros, 500), `p50 ${s.p50Micros}`);
  assert.ok(near(s.p90Micros, 900), `p90 ${s.p90Micros}`);
  assert.ok(near(s.p99Micros, 990), `p99 ${s.p99Micros}`);
  assert.ok(near(s.p999Micros, 999), `p99.9 ${s.p999Micros}`);
  assert.ok(near(s.maxMicros, 1000), `max ${s.maxMicros}`);
  assert.ok(near(s.meanMicros, 500.5), `mean ${s.meanMicros}`);
});

Deno.test("summarizeHistogram with halve divides every figure by two, as sockperf does", () => {
  const h = createLatencyHistogram();
  for (const micros of [10, 20, 30, 40]) recordLatencyMs(h, micros / 1000);
  const full = summarizeHistogram(h);
  const half = summarizeHistogram(h, { halve: true });
  assert.equal(half.count, full.count);
  for (const key of ["minMicros", "p50Micros", "p99Micros", "maxMicros", "meanMicros"] as const) {
    assert.equal(half[key], full[key] / 2, key);
  }
});

Deno.test("summarizeHistogram of an empty histogram is all zeros", () => {
  const s = summarizeHistogram(createLatencyHistogram());
  assert.equal(s.count, 0);
  assert.equal(s.p50Micros, 0);
  assert.equal(s.maxMicros, 0);
});

Deno.test("recordLatencyMs clamps values to the trackable range instead of throwing", () => {
  const h = createLatencyHistogram();
  recordLatencyMs(h, 0); // below 1 ns
  recordLatencyMs(h, 120_000); // 120 s, above the 60 s maximum
  const s = summarizeHistogram(h);
  assert.equal(s.count, 2);
  assert.ok(s.maxMicros <= 60e6 * 1.001);
});

Deno.test("encodeHistogram and decodeHistogram round-trip the distribution within precision", () => {
  const h = createLatencyHistogram();
  for (const micros of [12.5, 17, 17, 250, 3000]) recordLatencyMs(h, micros / 1000);
  const back = summarizeHistogram(decodeHistogram(encodeHistogram(h)));
  const original = summarizeHistogram(h);
  // Percentiles are bucket values already; min and max become their buckets' bounds.
  assert.equal(back.count, original.count);
  assert.equal(back.p50Micros, original.p50Micros);
  assert.equal(back.p99Micros, original.p99Micros);
  assert.ok(near(back.minMicros, original.minMicros), `min ${back.minMicros}`);
  assert.ok(near(back.maxMicros, original.maxMicros), `max ${back.maxMicros}`);
});
