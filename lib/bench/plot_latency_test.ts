import assert from "node:assert/strict";
import { createLatencyHistogram, recordLatencyMs } from "../common/histogram.ts";
import { latencyOverTimeSpec, percentilePlotSpec, percentilePoints } from "./plot_latency.ts";
import { comparisonSpec } from "./plot_compare.ts";
import { renderChartSvg } from "./plot_svg.ts";

/** A histogram of 1, 2, ..., 1000 µs. */
function uniformMicros(): ReturnType<typeof createLatencyHistogram> {
  const histogram = createLatencyHistogram();
  for (let micros = 1; micros <= 1000; micros++) recordLatencyMs(histogram, micros / 1000);
  return histogram;
}

Deno.test("percentilePoints gives the distribution in µs at 1/(1-p), as .hgrm rows do", () => {
  const points = percentilePoints(uniformMicros());
  const median = points.find((p) => p.percentile === 0.5)!;
  assert.ok(Math.abs(median.valueMicros - 500) <= 1, `p50 ${median.valueMicros}`);
  assert.equal(median.inverse, 2);
  for (const p of points) {
    assert.ok(Math.abs(p.inverse - 1 / (1 - p.percentile)) < 1e-6 * p.inverse);
  }
  assert.ok(points.every((p, i) => i === 0 || p.valueMicros >= points[i - 1].valueMicros));
  assert.ok(points.every((p) => Number.isFinite(p.inverse)));
  assert.deepEqual(percentilePoints(createLatencyHistogram()), []);
});

Deno.test("percentilePlotSpec draws percentiles on the 1/(1-p) log scale with percent labels", async () => {
  const spec = percentilePlotSpec("tcp round trip", [{ label: "#0", histogram: uniformMicros() }]);
  const svg = await renderChartSvg(spec);
  assert.ok(svg.startsWith("<svg"));
  for (const label of ["0%", "90%", "99%", "99.9%"]) assert.ok(svg.includes(`>${label}<`), label);
  assert.match(svg, /latency \(µs\)/);
  assert.doesNotMatch(svg, /<script/);
});

Deno.test("latencyOverTimeSpec gives p50, p99 and max of each non-empty interval in µs", () => {
  const first = createLatencyHistogram("packed");
  for (let i = 1; i <= 100; i++) recordLatencyMs(first, i / 1000);
  const spec = latencyOverTimeSpec("load", [{
    label: "50%",
    intervals: [
      { startSeconds: 0, histogram: first },
      { startSeconds: 0.25, histogram: createLatencyHistogram("packed") },
    ],
  }]);
  const values = (spec.data as { values: { percentile: string; valueMicros: number }[] }).values;
  assert.deepEqual(values.map((v) => v.percentile), ["p50", "p99", "max"]);
  assert.deepEqual(values.map((v) => Math.round(v.valueMicros)), [50, 99, 100]);
});

Deno.test("comparisonSpec puts each tool's bar beside ours", async () => {
  const svg = await renderChartSvg(comparisonSpec("Stream throughput", "Gbit/s", [
    { group: "tcp 1 KiB x1", measuredBy: "sockspec", value: 1.5 },
    { group: "tcp 1 KiB x1", measuredBy: "iperf3", value: 2.5 },
  ]));
  assert.ok(svg.includes(">sockspec<") && svg.includes(">iperf3<"));
  assert.equal((svg.match(/aria-roledescription="bar"/g) ?? []).length, 2);
});
