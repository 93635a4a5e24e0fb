/**
 * Bar charts of our figures beside iperf3's and sockperf's.
 *
 * @module
 */
import type { TopLevelSpec } from "./plot_svg.ts";

/** One bar: a case (`tcp 64 B x1`), who measured it (`sockspec`, `iperf3`), and the figure. */
export interface ComparisonBar {
  group: string;
  measuredBy: string;
  value: number;
}

/**
 * A Vega-Lite grouped bar chart: one row of bars per case, one bar per tool, the figure in
 * `unit` along x.
 */
export function comparisonSpec(
  title: string,
  unit: string,
  bars: readonly ComparisonBar[],
): TopLevelSpec {
  return {
    title,
    data: { values: [...bars] },
    width: 360,
    mark: "bar",
    encoding: {
      y: { field: "group", type: "nominal", title: null, sort: null },
      yOffset: { field: "measuredBy", type: "nominal" },
      x: { field: "value", type: "quantitative", title: unit },
      color: { field: "measuredBy", type: "nominal", title: null },
      tooltip: [
        { field: "group", type: "nominal" },
        { field: "measuredBy", type: "nominal" },
        { field: "value", type: "quantitative", format: ".4~r" },
      ],
    },
  };
}
