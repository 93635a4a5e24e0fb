/**
 * The benchmark report as one self-contained HTML page (`deno task bench --html FILE`): charts
 * drawn to SVG by Vega-Lite while the page is written, so the page holds no script and fetches
 * nothing.
 *
 * @module
 */
import { decodeHistogram } from "../common/histogram.ts";
import { type ComparisonBar, comparisonSpec } from "./plot_compare.ts";
import {
  latencyOverTimeSpec,
  type LatencySeries,
  percentilePlotSpec,
  type PercentileSeries,
} from "./plot_latency.ts";
import { renderChartSvg } from "./plot_svg.ts";
import { chartPage, chartRow, escapeHtml as html } from "./html_page.ts";
import type { BenchDocument, CaseReport, TargetVerdict } from "./report_document.ts";
import type { CaseKind } from "./report_plan.ts";
import type { LatencyUnderLoadResult } from "./result_types.ts";
import { formatReport } from "./report_table.ts";

const COMPARED: { kind: CaseKind; title: string }[] = [
  { kind: "stream_throughput", title: "Stream throughput" },
  { kind: "datagram_throughput", title: "Datagram throughput" },
  { kind: "round_trip", title: "Round-trip time" },
];

/**
 * The whole HTML page of a benchmark document: throughput and round trips beside iperf3 and
 * sockperf, a percentile distribution per latency case, latency under load over time, the
 * targets table, and the printed report's tables.
 */
export async function renderBenchHtml(document: BenchDocument): Promise<string> {
  const cases = document.end.cases;
  const comparisons = await Promise.all(
    COMPARED.map(({ kind, title }) =>
      comparisonChart(title, cases.filter((c) => c.case.kind === kind && c.headline))
    ),
  );
  const distributions = await Promise.all(
    cases.filter((c) => c.case.kind === "round_trip" || c.case.kind === "latency_under_load")
      .map((c) => distributionChart(c, document)),
  );
  const overTime = await Promise.all(
    cases.filter((c) => c.case.kind === "latency_under_load" && c.runs.length > 0).map(
      overTimeChart,
    ),
  );
  const m = document.start.machine;
  return chartPage(
    "sockspec bench",
    `<h1>sockspec bench</h1>
<p>${html(`${m.cpuModel}, ${m.cores} cores, ${m.kernel}, Deno ${m.deno}`)}; ${
      html(document.start.timestamp.time)
    }</p>
<h2>Throughput and round trips beside iperf3 and sockperf (medians over runs)</h2>
${chartRow(comparisons)}
<h2>Latency percentile distributions</h2>
${chartRow(distributions)}
<h2>Latency under load over time</h2>
${chartRow(overTime)}
<h2>Targets</h2>
${targetsTable(document.end.targets)}
<h2>Tables</h2>
<pre>${html(formatReport(document))}</pre>`,
  );
}

async function comparisonChart(
  title: string,
  cases: readonly CaseReport[],
): Promise<string | undefined> {
  if (cases.length === 0) return undefined;
  const bars: ComparisonBar[] = cases.flatMap((c) => {
    const h = c.headline!;
    const mine = { group: c.case.id, measuredBy: "sockspec", value: h.ours.median };
    return h.theirs && c.case.reference
      ? [mine, { group: c.case.id, measuredBy: c.case.reference.tool, value: h.theirs.median }]
      : [mine];
  });
  return await renderChartSvg(comparisonSpec(title, cases[0].headline!.figure, bars));
}

async function distributionChart(
  report: CaseReport,
  document: BenchDocument,
): Promise<string | undefined> {
  const prefix = `${report.case.id} #`;
  const series: PercentileSeries[] = Object.entries(document.histograms)
    .filter(([key]) => key.startsWith(prefix))
    .map(([key, entry]) => ({
      label: key.slice(report.case.id.length + 1),
      histogram: decodeHistogram(entry.data),
    }));
  if (series.length === 0) return undefined;
  return await renderChartSvg(percentilePlotSpec(report.case.id, series));
}

async function overTimeChart(report: CaseReport): Promise<string | undefined> {
  const runs = report.runs as Omit<LatencyUnderLoadResult, "histogram">[];
  const series: LatencySeries[] = runs.filter((r) => r.intervals?.length).map((run, i) => ({
    label: `#${i} at ${Math.round(run.fraction * 100)}% of max`,
    intervals: run.intervals.map((interval) => ({
      startSeconds: interval.startSeconds,
      histogram: decodeHistogram(interval.histogram),
    })),
  }));
  if (series.length === 0) return undefined;
  return await renderChartSvg(latencyOverTimeSpec(report.case.id, series));
}

function num(value: number | undefined, digits = 3): string {
  return value === undefined ? "-" : value.toPrecision(digits);
}

function targetsTable(targets: readonly TargetVerdict[]): string {
  if (targets.length === 0) return "<p>No targets.</p>";
  const rows = targets.map((t) =>
    `<tr class="${t.met === false ? "unmet" : t.met ? "met" : ""}"><td>${html(t.name)}</td>` +
    `<td class="num">${num(t.ours)}</td><td class="num">${num(t.theirs)}</td>` +
    `<td>${html(t.unit)}</td><td class="num">${
      t.ratio === undefined ? "-" : `${t.ratio.toFixed(2)}x`
    }</td><td>${html(t.required)}</td><td>${
      t.met === undefined ? html(t.note ?? "not measured") : t.met ? "met" : "NOT met"
    }</td></tr>`
  );
  return `<table class="targets"><tr><th>target</th><th>ours</th><th>theirs</th><th>unit</th>` +
    `<th>ratio</th><th>required</th><th>verdict</th></tr>${rows.join("")}</table>`;
}
