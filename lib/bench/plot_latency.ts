/**
 * Latency plots from HDR histograms (ns): the percentile distribution, drawn the way
 * HdrHistogram's plotter draws `.hgrm` files, and latency over time from a series of interval
 * histograms. They take histograms, so the benchmark report and the load test's JSON (intervals
 * with histograms) draw the same plots.
 *
 * @module
 */
import type { LatencyHistogram } from "../common/histogram.ts";
import type { TopLevelSpec } from "./plot_svg.ts";

/** One point of a percentile distribution. */
export interface PercentilePoint {
  /** 0 to 1. */
  percentile: number;
  /** `1 / (1 - percentile)`: the x position on HdrHistogram's plot. */
  inverse: number;
  valueMicros: number;
}

/** A labelled histogram for {@linkcode percentilePlotSpec}. */
export interface PercentileSeries {
  /** Legend text, for example `tcp 64 B run 1`. */
  label: string;
  /** Latencies in ns. */
  histogram: LatencyHistogram;
}

/**
 * The rows of the histogram's percentile distribution in µs, as in its `.hgrm` text (5 ticks per
 * half distance), without the last row (percentile 1, which has no finite x).
 */
export function percentilePoints(histogram: LatencyHistogram): PercentilePoint[] {
  if (histogram.totalCount === 0) return [];
  const text = histogram.outputPercentileDistribution(5, 1000);
  const points: PercentilePoint[] = [];
  for (const line of text.split("\n")) {
    const cells = line.trim().split(/\s+/).map(Number);
    if (cells.length !== 4 || cells.some((c) => Number.isNaN(c))) continue;
    // The text rounds 1/(1-p) to 2 decimals: compute it from the 12-digit percentile instead.
    const [valueMicros, percentile] = cells;
    if (percentile < 1) points.push({ percentile, inverse: 1 / (1 - percentile), valueMicros });
  }
  return points;
}

/**
 * A Vega-Lite line chart of percentile distributions: x is the percentile on the `1/(1-p)` log
 * scale labelled 0%, 90%, 99%, 99.9%, ...; y is latency in µs. One line per series.
 */
export function percentilePlotSpec(
  title: string,
  series: readonly PercentileSeries[],
): TopLevelSpec {
  const values = series.flatMap(({ label, histogram }) =>
    percentilePoints(histogram).map((p) => ({ ...p, series: label }))
  );
  const maxInverse = Math.max(10, ...values.map((v) => v.inverse));
  const ticks: number[] = [];
  for (let t = 1; t <= maxInverse * 10; t *= 10) ticks.push(t);
  return {
    title,
    width: 440,
    height: 260,
    data: { values },
    mark: { type: "line", interpolate: "step-after", point: false },
    encoding: {
      x: {
        field: "inverse",
        type: "quantitative",
        title: "percentile",
        scale: { type: "log", domain: [1, ticks[ticks.length - 1]] },
        axis: {
          values: ticks,
          labelExpr: "datum.value <= 1 ? '0%' : format(100 - 100 / datum.value, '.6~r') + '%'",
        },
      },
      y: { field: "valueMicros", type: "quantitative", title: "latency (µs)" },
      color: { field: "series", type: "nominal", title: null },
      tooltip: [
        { field: "series", type: "nominal" },
        { field: "percentile", type: "quantitative", format: ".6~r" },
        { field: "valueMicros", type: "quantitative", title: "µs" },
      ],
    },
  };
}

/** One interval of a latency time series. */
export interface LatencyInterval {
  /** Start of the interval, in s since the measurement started. */
  startSeconds: number;
  /** Latencies in ns recorded in the interval. */
  histogram: LatencyHistogram;
}

/** A labelled time series for {@linkcode latencyOverTimeSpec}. */
export interface LatencySeries {
  /** Legend text, for example `50% of max`. */
  label: string;
  intervals: readonly LatencyInterval[];
}

/** Percentiles drawn over time, and their stroke dashes. */
const OVER_TIME = [
  { name: "p50", percentile: 50, dash: [1, 0] },
  { name: "p99", percentile: 99, dash: [6, 3] },
  { name: "max", percentile: 100, dash: [2, 2] },
] as const;

/**
 * A Vega-Lite chart of latency over time: per series, p50 (solid), p99 (dashed) and max
 * (dotted) of each interval, in µs, against the interval's start in s. Empty intervals are left
 * out.
 */
export function latencyOverTimeSpec(title: string, series: readonly LatencySeries[]): TopLevelSpec {
  const values = series.flatMap(({ label, intervals }) =>
    intervals.filter((i) => i.histogram.totalCount > 0).flatMap((interval) =>
      OVER_TIME.map(({ name, percentile }) => ({
        series: label,
        percentile: name,
        startSeconds: interval.startSeconds,
        valueMicros: interval.histogram.getValueAtPercentile(percentile) / 1000,
      }))
    )
  );
  return {
    title,
    width: 440,
    height: 220,
    data: { values },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "startSeconds", type: "quantitative", title: "time (s)" },
      y: {
        field: "valueMicros",
        type: "quantitative",
        title: "latency (µs)",
        scale: { type: "log" },
      },
      color: { field: "series", type: "nominal", title: null },
      strokeDash: {
        field: "percentile",
        type: "nominal",
        title: null,
        scale: {
          domain: OVER_TIME.map((p) => p.name),
          range: OVER_TIME.map((p) => [...p.dash]),
        },
      },
      detail: { field: "percentile" },
    },
  };
}
