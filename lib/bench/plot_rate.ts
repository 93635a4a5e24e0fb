/**
 * Throughput over time: completed and failed operations per second of each interval of a time
 * series (the 1 s intervals of a load test).
 *
 * @module
 */
import type { TopLevelSpec } from "./plot_svg.ts";

/** One interval of a rate time series. */
export interface RateInterval {
  /** Start of the interval, in s since the measurement started. */
  startSeconds: number;
  /** Operations that succeeded in the interval, per second of it. */
  completedPerSecond: number;
  /** Operations that failed in the interval, per second of it. */
  errorsPerSecond: number;
}

/**
 * A Vega-Lite line chart of completed and failed operations per second against the interval's
 * start in s; `unit` names the operation on the y axis (`requests/s`).
 *
 * @example
 * ```ts
 * import { rateOverTimeSpec } from "./plot_rate.ts";
 * import { renderChartSvg } from "./plot_svg.ts";
 * const svg = await renderChartSvg(rateOverTimeSpec("echo", "requests/s", [
 *   { startSeconds: 0, completedPerSecond: 900, errorsPerSecond: 0 },
 *   { startSeconds: 1, completedPerSecond: 1100, errorsPerSecond: 2 },
 * ]));
 * console.assert(svg.includes("requests/s"));
 * ```
 */
export function rateOverTimeSpec(
  title: string,
  unit: string,
  intervals: readonly RateInterval[],
): TopLevelSpec {
  const values = intervals.flatMap((i) => [
    { startSeconds: i.startSeconds, perSecond: i.completedPerSecond, outcome: "completed" },
    { startSeconds: i.startSeconds, perSecond: i.errorsPerSecond, outcome: "errors" },
  ]);
  return {
    title,
    width: 440,
    height: 220,
    data: { values },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "startSeconds", type: "quantitative", title: "time (s)" },
      y: { field: "perSecond", type: "quantitative", title: unit },
      color: {
        field: "outcome",
        type: "nominal",
        title: null,
        scale: { domain: ["completed", "errors"], range: ["#1f77b4", "#d62728"] },
      },
      tooltip: [
        { field: "startSeconds", type: "quantitative", title: "s" },
        { field: "outcome", type: "nominal" },
        { field: "perSecond", type: "quantitative", title: unit, format: ".4~r" },
      ],
    },
  };
}
