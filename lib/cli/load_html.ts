/**
 * The results of `--load-json` files as one self-contained HTML page (`load-plot`): per result
 * its figures, the latency percentile distribution, completed and failed per second over time,
 * and latency percentiles over time, drawn by Vega-Lite to inline SVG while the page is written.
 *
 * @module
 */
import type { LoadResult } from "../runner/load_result.ts";
import {
  decodeHistogram,
  decodeIntervalHistogram,
  formatMicros,
  type LatencyHistogram,
  PERCENTILES,
} from "../runner/load_histogram.ts";
import { formatBudget } from "../runner/load_budget.ts";
import { chartPage, chartRow, escapeHtml as html } from "../bench/html_page.ts";
import { latencyOverTimeSpec, percentilePlotSpec } from "../bench/plot_latency.ts";
import { rateOverTimeSpec } from "../bench/plot_rate.ts";
import { renderChartSvg } from "../bench/plot_svg.ts";
import { describeLoad } from "./load.ts";
import { LoadFileError } from "./load_document.ts";

/** A result and where it was read, for the page and for messages. */
export interface SourcedLoadResult {
  /** The file it came from, as given on the command line. */
  file: string;
  /** Its index in the file's `results`. */
  index: number;
  result: LoadResult;
}

/** Decodes one histogram of a result, naming the file and field when it cannot. */
function decode(
  source: SourcedLoadResult,
  field: string,
  read: (base64: string) => LatencyHistogram,
  base64: string,
): LatencyHistogram {
  try {
    return read(base64);
  } catch (error) {
    // hdr-histogram-js throws a plain Error for text that is not an encoded histogram.
    throw new LoadFileError(
      `${source.file}: results[${source.index}].${field}: expected an HDR histogram in ` +
        `compressed base64 (written by --load-json): ${(error as Error).message}`,
    );
  }
}

const whole = (n: number) => Math.round(n).toLocaleString("en-US");

function figuresTable(result: LoadResult): string {
  const rows: [string, string][] = [
    [`${result.unit}s/s`, whole(result.perSecond)],
    [`${result.unit}s completed`, whole(result.completed)],
    ["errors", whole(result.errors)],
    ["duration", `${(result.durationMs / 1000).toFixed(2)} s`],
    ["bytes sent", whole(result.sentBytes)],
    ["bytes received", whole(result.receivedBytes)],
  ];
  return `<table class="figures">${
    rows.map(([name, value]) => `<tr><th>${html(name)}</th><td class="num">${value}</td></tr>`)
      .join("")
  }</table>`;
}

function percentilesTable(result: LoadResult): string {
  const { latency } = result;
  const rows: [string, number][] = [
    ["min", latency.minMicros],
    ...PERCENTILES.map((p): [string, number] => [`${p}%`, latency.percentiles[String(p)]]),
    ["mean", latency.meanMicros],
    ["stdev", latency.stdevMicros],
  ];
  return `<table class="percentiles"><tr><th>percentile</th><th>latency</th></tr>${
    rows.map(([name, micros]) =>
      `<tr><td>${name}</td><td class="num">${html(formatMicros(micros))}</td></tr>`
    ).join("")
  }</table>`;
}

function verdicts(result: LoadResult): string {
  const lines = [
    ...(result.firstError ? [`first error: ${result.firstError}`] : []),
    ...result.checks.filter((c) => !c.ok).map((c) => `check ${c.name} failed: ${c.detail}`),
    ...(result.budget ?? []).map(formatBudget),
  ];
  return lines.length === 0 ? "" : `<pre>${html(lines.join("\n"))}</pre>`;
}

async function section(source: SourcedLoadResult): Promise<string> {
  const { result } = source;
  const title = `${result.name} [${result.transport}]`;
  const total = decode(source, "histogram", decodeHistogram, result.histogram);
  const intervals = result.intervals.map((interval, i) => ({
    startSeconds: interval.second,
    histogram: decode(
      source,
      `intervals[${i}].histogram`,
      decodeIntervalHistogram,
      interval.histogram,
    ),
  }));
  const charts = await Promise.all([
    total.totalCount === 0 ? undefined : renderChartSvg(
      percentilePlotSpec(`${title}: ${result.unit} latency by percentile`, [
        { label: `${whole(total.totalCount)} ${result.unit}s`, histogram: total },
      ]),
    ),
    result.intervals.length === 0 ? undefined : renderChartSvg(
      rateOverTimeSpec(
        `${title}: ${result.unit}s/s over time`,
        `${result.unit}s/s`,
        result.intervals.map((interval) => ({
          startSeconds: interval.second,
          completedPerSecond: interval.perSecond,
          errorsPerSecond: interval.errors / (interval.durationMs / 1000),
        })),
      ),
    ),
    intervals.every((i) => i.histogram.totalCount === 0) ? undefined : renderChartSvg(
      latencyOverTimeSpec(`${title}: latency over time`, [{ label: result.unit, intervals }]),
    ),
  ]);
  return `<section class="load">
<h2>${html(title)}</h2>
<p>${html(`${describeLoad(result)}; from ${source.file}, results[${source.index}]`)}</p>
<div class="tables">${figuresTable(result)}${percentilesTable(result)}</div>
${verdicts(result)}
${total.totalCount === 0 ? `<p>No ${result.unit} completed: no latency to plot.</p>` : ""}
${chartRow(charts)}
</section>`;
}

/**
 * The whole page for the results of one or more `--load-json` files (merged ones from
 * `load-merge` too), one section a result, in the order given.
 *
 * @throws {LoadFileError} When a histogram of a result cannot be decoded, naming the file, the
 * result and the field.
 */
export async function renderLoadHtml(results: readonly SourcedLoadResult[]): Promise<string> {
  const sections = [];
  for (const source of results) sections.push(await section(source));
  const files = [...new Set(results.map((r) => r.file))];
  return chartPage(
    "sockspec load",
    `<h1>sockspec load</h1>
<p>${
      html(`${results.length} result${results.length === 1 ? "" : "s"} from ${files.join(", ")}`)
    }</p>
${sections.join("\n")}`,
  );
}
