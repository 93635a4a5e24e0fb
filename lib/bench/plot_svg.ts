/**
 * Charts as SVG text, drawn by Vega-Lite and Vega without a browser, to inline in a page.
 *
 * @module
 */
import * as vega from "../_deps/vega.ts";
import { compile, type TopLevelSpec } from "../_deps/vega_lite.ts";

export type { TopLevelSpec };

/**
 * Renders a Vega-Lite specification to standalone SVG text (no script, no fonts fetched: the
 * page shows it as is). Data must be inline (`data: { values }`); nothing is loaded.
 *
 * @example
 * ```ts
 * import { renderChartSvg } from "./plot_svg.ts";
 * const svg = await renderChartSvg({
 *   data: { values: [{ x: 1, y: 2 }, { x: 2, y: 3 }] },
 *   mark: "line",
 *   encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
 * });
 * console.assert(svg.startsWith("<svg"));
 * ```
 *
 * @throws {Error} When the specification is not valid Vega-Lite.
 */
export async function renderChartSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
