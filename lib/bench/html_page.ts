/**
 * The frame of sockspec's chart pages (the benchmark report, `load-plot`): one self-contained
 * HTML document whose charts are inline SVG, with a Content-Security-Policy that lets it fetch
 * nothing and run no script.
 *
 * @module
 */
import { escapeXmlText } from "../report/_xml.ts";

/** Nothing is loaded and no script runs: styles inline, images only as data: URLs. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 20px; color: #1f2328; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; border-bottom: 1px solid #d0d7de; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
.chart { border: 1px solid #eaeef2; padding: 6px; }
.tables { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
table { border-collapse: collapse; font-size: 13px; }
td, th { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.unmet td { color: #b42318; } tr.met td:last-child { color: #2f7d45; }
pre { background: #f6f8fa; border: 1px solid #eaeef2; padding: 8px; font-size: 12px;
  overflow-x: auto; }
`;

/**
 * The whole page: `<head>` with the policy, `title` and the shared style; `body` as given
 * (HTML, already escaped).
 *
 * @example
 * ```ts
 * import { chartPage } from "./html_page.ts";
 * const page = chartPage("sockspec load", "<h1>sockspec load</h1>");
 * console.assert(page.includes("default-src 'none'"));
 * ```
 */
export function chartPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>
${body}
</body></html>
`;
}

/** Text escaped for HTML element content (not for attribute values). */
export function escapeHtml(text: string): string {
  return escapeXmlText(text);
}

/** Each SVG in a chart box, in a row that wraps; undefined entries (no chart) left out. */
export function chartRow(svgs: readonly (string | undefined)[]): string {
  return `<div class="charts">${
    svgs.filter((s) => s !== undefined).map((s) => `<div class="chart">${s}</div>`).join("")
  }</div>`;
}
