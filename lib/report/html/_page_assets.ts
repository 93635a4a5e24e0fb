/**
 * The style sheet and script inlined into the HTML report, so that it opens from a CI artifact
 * with no network access.
 *
 * @module
 */

/** Content-Security-Policy of the page: nothing may be fetched, only inline code runs. */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/** The page's style sheet. */
export const PAGE_STYLE = `
:root { color-scheme: light; --fail: #b42318; --pass: #2f7d45; --skip: #8a939e; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
header { background: #fff; border-bottom: 1px solid #d0d7de; padding: 12px 20px; }
h1 { font-size: 18px; margin: 0 8px 4px 0; display: inline-block; }
.summary b.failed { color: var(--fail); } .summary b.passed { color: var(--pass); }
.summary b.skipped { color: var(--skip); }
.summary b.interrupted, .badge.interrupted { color: var(--fail); }
#filters { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; margin-top: 6px; }
#filters label { cursor: pointer; user-select: none; }
#filters .tags { display: flex; flex-wrap: wrap; gap: 4px; }
#filters .tags label { background: #eef1f4; border-radius: 10px; padding: 0 8px; font-size: 12px; }
#shown { color: #57606a; }
main { padding: 12px 20px 40px; }
details.run { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; margin: 6px 0; }
details.run[data-status=failed] { border-left: 4px solid var(--fail); }
details.run[data-status=passed] { border-left: 4px solid var(--pass); }
details.run[data-status=skipped] { border-left: 4px solid var(--skip); }
summary { cursor: pointer; padding: 6px 10px; display: flex; gap: 10px; align-items: baseline;
  flex-wrap: wrap; }
.badge { font-weight: 600; min-width: 52px; }
.badge.failed { color: var(--fail); } .badge.passed { color: var(--pass); }
.badge.skipped { color: var(--skip); }
.name { font-weight: 600; }
.meta { color: #57606a; font-size: 12px; }
.tag { background: #eef1f4; border-radius: 10px; padding: 0 7px; font-size: 12px; color: #444c56; }
.body { padding: 4px 14px 14px; border-top: 1px solid #eaeef2; }
.message { color: var(--fail); font-weight: 600; white-space: pre-wrap; }
.diagram { overflow-x: auto; background: #fff; border: 1px solid #eaeef2; margin: 8px 0; }
.diagram .row.failing text { font-weight: 700; }
pre { background: #f6f8fa; border: 1px solid #eaeef2; padding: 8px; overflow-x: auto;
  font-size: 12px; margin: 4px 0; }
table { border-collapse: collapse; font-size: 13px; margin: 4px 0; }
td, th { border: 1px solid #eaeef2; padding: 2px 8px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.bad td { color: var(--fail); }
h3 { font-size: 13px; margin: 12px 0 2px; color: #444c56; }
code.rerun { display: block; white-space: pre-wrap; word-break: break-all; background: #f6f8fa;
  padding: 6px 8px; border: 1px solid #eaeef2; }
`;

/**
 * The page's script: draws a run's diagram when the run is opened (from the JSON block
 * `#diagrams`, so a page of many runs stays quick to open) and filters runs by status and tag.
 */
export const PAGE_SCRIPT = `
"use strict";
const diagrams = JSON.parse(document.getElementById("diagrams").textContent);
function draw(run) {
  const box = run.querySelector(".diagram");
  if (!box || box.dataset.drawn) return;
  box.innerHTML = diagrams[Number(box.dataset.index)] || "";
  box.dataset.drawn = "1";
}
const runs = Array.from(document.querySelectorAll("details.run"));
document.getElementById("runs").addEventListener("toggle", (event) => {
  if (event.target.open) draw(event.target);
}, true);
for (const run of runs) if (run.open) draw(run);
const inputs = Array.from(document.querySelectorAll("#filters input"));
function applyFilters() {
  const statuses = new Set(inputs.filter((i) => i.name === "status" && i.checked).map((i) => i.value));
  const tags = new Set(inputs.filter((i) => i.name === "tag" && i.checked).map((i) => i.value));
  let shown = 0;
  for (const run of runs) {
    const runTags = run.dataset.tags ? run.dataset.tags.split(" ") : [];
    const visible = statuses.has(run.dataset.status) &&
      (tags.size === 0 || runTags.some((t) => tags.has(t)));
    run.hidden = !visible;
    if (visible) shown++;
  }
  document.getElementById("shown").textContent = shown + " of " + runs.length + " runs shown";
}
for (const input of inputs) input.addEventListener("change", applyFilters);
applyFilters();
`;
