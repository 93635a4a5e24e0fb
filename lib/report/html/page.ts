/**
 * The HTML report page: every run with its status, time, transport, tags, place and rerun
 * command, failed runs first, each opening to its sequence diagram and, for failures, the
 * failing step, the byte diff, the failed checks and the peers' output.
 *
 * @module
 */
import type { RecordEvent } from "../../record/event.ts";
import type { RunSummary, ScenarioResult, Status } from "../result.ts";
import { escapeXmlAttribute, escapeXmlText } from "../_xml.ts";
import { formatDurationMs } from "../../common/duration.ts";
import { formatDiff } from "../diff.ts";
import { formatLocation } from "../failure_block.ts";
import { buildSequence } from "./sequence.ts";
import { renderSequenceSvg } from "./sequence_svg.ts";
import { PAGE_CSP, PAGE_SCRIPT, PAGE_STYLE } from "./_page_assets.ts";

/** Options of {@linkcode renderReportPage}. */
export interface RenderReportPageOptions {
  /** Failed runs shown open when the page loads (the rest open on a click). @default {10} */
  openFailed?: number;
  /** Lines of each peer's stdout and stderr shown, the last ones. @default {40} */
  outputLines?: number;
}

const STATUS_ORDER: Record<Status, number> = { failed: 0, interrupted: 1, passed: 2, skipped: 3 };

/**
 * The whole HTML document for a run: one self-contained page (style, script and diagrams
 * inline; a Content-Security-Policy that allows no request). Runs are listed failed first, then
 * passed, then skipped, each group in plan order.
 *
 * @example
 * ```ts
 * import { renderReportPage } from "./page.ts";
 * const html = renderReportPage({ passed: 0, failed: 0, skipped: 0, durationMs: 1, seed: 7,
 *   results: [] });
 * console.assert(html.startsWith("<!doctype html>") && html.includes("seed 7"));
 * ```
 */
export function renderReportPage(
  summary: RunSummary,
  options: RenderReportPageOptions = {},
): string {
  const ordered = summary.results
    .map((result, index) => ({ result, index }))
    .sort((a, b) =>
      STATUS_ORDER[a.result.status] - STATUS_ORDER[b.result.status] || a.index - b.index
    );
  const diagrams: (string | null)[] = [];
  let openLeft = options.openFailed ?? 10;
  const runs = ordered.map(({ result }) => {
    const open = result.status === "failed" && openLeft-- > 0;
    const diagram = diagramOf(result, diagrams.length);
    diagrams.push(diagram);
    return renderRun(result, diagrams.length - 1, open, options.outputLines ?? 40);
  });
  const interrupted = summary.interrupted ?? 0;
  const total = summary.passed + summary.failed + summary.skipped + interrupted;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>sockspec: ${summary.failed} failed, ${summary.passed} passed</title>
<style>${PAGE_STYLE}</style></head>
<body><header><h1>sockspec</h1><span class="summary">${total} runs: ` +
    `<b class="failed">${summary.failed} failed</b>, <b class="passed">${summary.passed} ` +
    `passed</b>, <b class="skipped">${summary.skipped} skipped</b>` +
    (interrupted > 0 ? `, <b class="interrupted">${interrupted} interrupted</b>` : "") + ` in ` +
    `${formatDurationMs(summary.durationMs)}, seed ${summary.seed}</span>
${renderFilters(summary.results)}</header>
<main id="runs">
${runs.join("\n")}
</main>
<script type="application/json" id="diagrams">${jsonForScript(diagrams)}</script>
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
}

/** JSON that cannot end the `<script>` element it sits in. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replaceAll("<", "\\u003c");
}

function html(text: string): string {
  return escapeXmlText(text);
}

function attr(text: string): string {
  return escapeXmlAttribute(text);
}

function diagramOf(result: ScenarioResult, index: number): string | null {
  if (result.events.length === 0) return null;
  const diagram = buildSequence(result.events, { failure: result.failure });
  return renderSequenceSvg(diagram, { markerId: `head-${index}` });
}

function renderFilters(results: readonly ScenarioResult[]): string {
  const statuses = (["failed", "interrupted", "passed", "skipped"] as const).map((status) => {
    const count = results.filter((r) => r.status === status).length;
    return `<label><input type="checkbox" name="status" value="${status}" checked> ` +
      `${status} (${count})</label>`;
  });
  const tags = [...new Set(results.flatMap((r) => r.tags))].sort().map((tag) =>
    `<label><input type="checkbox" name="tag" value="${attr(tag)}"> ${html(tag)}</label>`
  );
  return `<nav id="filters">${statuses.join("")}<span class="tags" title="show only runs with ` +
    `one of the ticked tags">${tags.join("")}</span><span id="shown"></span></nav>`;
}

function renderRun(result: ScenarioResult, index: number, open: boolean, outputLines: number) {
  const tags = result.tags.map((t) => `<span class="tag">${html(t)}</span>`).join("");
  const time = result.status === "skipped" ? "" : formatDurationMs(result.durationMs);
  const summary = `<summary><span class="badge ${result.status}">${result.status}</span>` +
    `<span class="name">${html(result.name)}</span><span class="meta">${html(result.transport)}` +
    `</span><span class="meta">${time}</span>${tags}<span class="meta">` +
    `${html(`${result.file}:${result.line}`)}</span></summary>`;
  const body = [
    result.skipReason !== undefined ? `<p>skipped: ${html(result.skipReason)}</p>` : "",
    result.failure ? renderFailureHead(result) : "",
    result.events.length > 0
      ? `<h3>sequence (time in µs since the run started)</h3>` +
        `<div class="diagram" data-index="${index}"></div>`
      : "",
    result.failure ? renderDiff(result) : "",
    renderChecks(result),
    result.failure?.output ? renderOutput(result.failure.output, outputLines) : "",
    renderNotes(result.notes),
    `<h3>rerun (seed ${result.seed})</h3><code class="rerun">${html(result.rerun)}</code>`,
  ];
  return `<details class="run" id="run-${index}" data-status="${result.status}" ` +
    `data-tags="${attr(result.tags.join(" "))}"${open ? " open" : ""}>${summary}` +
    `<div class="body">${body.join("")}</div></details>`;
}

/** Notes shown before the rest fold away (a run of 1,000 clients has a note per client). */
const NOTES_SHOWN = 12;

function renderNotes(notes: readonly string[]): string {
  if (notes.length === 0) return "";
  const items = (list: readonly string[]) => list.map((n) => `<li>${html(n)}</li>`).join("");
  const rest = notes.length > NOTES_SHOWN
    ? `<details class="more"><summary>${notes.length - NOTES_SHOWN} more notes</summary>` +
      `<ul>${items(notes.slice(NOTES_SHOWN))}</ul></details>`
    : "";
  return `<h3>notes</h3><ul>${items(notes.slice(0, NOTES_SHOWN))}</ul>${rest}`;
}

function renderFailureHead(result: ScenarioResult): string {
  const failure = result.failure!;
  const where = failure.peer !== undefined && failure.step !== undefined
    ? `<p>at <b>${html(failure.peer)}</b>, step <code>${html(failure.step)}</code>` +
      (failure.location ? ` (${html(formatLocation(failure.location))})` : "") + `</p>`
    : "";
  return `<p class="message">${html(failure.message)}</p>${where}`;
}

function renderDiff(result: ScenarioResult): string {
  const { expected, received } = result.failure!;
  if (expected === undefined && received === undefined) return "";
  return `<h3>expected and received bytes</h3><pre class="diff">` +
    `${html(formatDiff(expected, received))}</pre>`;
}

function renderChecks(result: ScenarioResult): string {
  const rows = result.checks.map((p) =>
    `<tr class="${p.ok ? "ok" : "bad"}"><td>${p.ok ? "✓" : "✗"} ${html(p.name)}</td>` +
    `<td>${html(p.detail)}</td></tr>`
  );
  const counts = checkCounts(result.events);
  if (rows.length === 0 && counts === "") return "";
  const table = rows.length > 0 ? `<table class="checks">${rows.join("")}</table>` : "";
  return `<h3>checks</h3>${table}${counts}`;
}

/** A table of what each stream and datagram verifier counted. */
function checkCounts(events: readonly RecordEvent[]): string {
  const rows = events.flatMap((e) => {
    const who = html(`${e.peer}/${e.conn ?? ""}`);
    const cells = (values: (number | string)[]) =>
      values.map((v) => `<td class="num">${html(String(v))}</td>`).join("");
    if (e.stream) {
      const s = e.stream;
      const bad = s.lostBytes + s.duplicatedBytes + s.reorderedBytes + s.corruptedBytes > 0;
      return [
        `<tr class="${bad ? "bad" : "ok"}"><td>${who} (bytes)</td>${
          cells([
            s.expectedBytes ?? "",
            s.receivedBytes,
            s.lostBytes,
            s.duplicatedBytes,
            s.reorderedBytes,
            s.corruptedBytes,
          ])
        }</tr>`,
      ];
    }
    if (e.datagram) {
      const d = e.datagram;
      const bad = d.lost + d.duplicated + d.reordered + d.truncated + d.corrupted > 0;
      return [
        `<tr class="${bad ? "bad" : "ok"}"><td>${who} (datagrams)</td>${
          cells([d.sent, d.received, d.lost, d.duplicated, d.reordered, d.truncated + d.corrupted])
        }</tr>`,
      ];
    }
    return [];
  });
  if (rows.length === 0) return "";
  return `<table class="counts"><tr><th>verified</th><th>sent</th><th>received</th><th>lost</th>` +
    `<th>duplicated</th><th>reordered</th><th>truncated or corrupted</th></tr>` +
    `${rows.join("")}</table>`;
}

function tail(text: string, lines: number): string {
  const all = text.replace(/\n$/, "").split("\n");
  return all.length > lines
    ? [`… ${all.length - lines} lines before`, ...all.slice(-lines)].join("\n")
    : all.join("\n");
}

function renderOutput(
  output: NonNullable<NonNullable<ScenarioResult["failure"]>["output"]>,
  lines: number,
): string {
  return Object.entries(output).map(([peer, o]) =>
    `<h3>output of ${html(peer)}${o.exitCode != null ? ` (exit code ${o.exitCode})` : ""}</h3>` +
    (o.stdout ? `<pre class="stdout">${html(tail(o.stdout, lines))}</pre>` : "") +
    (o.stderr ? `<pre class="stderr">${html(tail(o.stderr, lines))}</pre>` : "")
  ).join("");
}
