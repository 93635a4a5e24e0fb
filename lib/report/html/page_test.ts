import assert from "node:assert/strict";
import {
  allResults,
  failedStepResult,
  nastyResult,
  passedResult,
  skippedResult,
  summaryOf,
} from "../_fixtures.ts";
import { renderReportPage } from "./page.ts";

/** The `<details>` element of the run named `name`. */
function runElement(page: string, name: string): string {
  const start = page.lastIndexOf('<details class="run"', page.indexOf(`>${name}</span>`));
  return page.slice(start, page.indexOf("</details>", start));
}

Deno.test("renderReportPage lists failed runs first, then passed, then skipped", () => {
  const page = renderReportPage(summaryOf([skippedResult(), passedResult(), ...allResults()]));
  const statuses = [...page.matchAll(/<details class="run" id="run-\d+" data-status="(\w+)"/g)]
    .map((m) => m[1]);
  assert.deepEqual(statuses, ["failed", "failed", "passed", "passed", "skipped", "skipped"]);
});

Deno.test("renderReportPage shows each run's status, time, transport, tags, place and rerun", () => {
  const page = renderReportPage(summaryOf([passedResult()]));
  const run = runElement(page, "TCP echo returns every byte");
  assert.match(run, /<span class="badge passed">passed<\/span>/);
  assert.match(run, /<span class="meta">tcp<\/span><span class="meta">43 ms<\/span>/);
  assert.match(run, /<span class="tag">stream<\/span><span class="tag">echo<\/span>/);
  assert.match(run, /scenarios\/tcp\/echo\.yaml:1/);
  assert.match(run, /<code class="rerun">deno task scenarios scenarios\/tcp\/echo\.yaml --name/);
  assert.match(run, /data-tags="stream echo"/);
  assert.match(page, /<input type="checkbox" name="tag" value="echo">/);
});

Deno.test("renderReportPage gives a failure its step, diff, checks and output tails", () => {
  const run = runElement(
    renderReportPage(summaryOf([failedStepResult()])),
    "upper-case server answers in capitals",
  );
  assert.match(run, / open>/);
  assert.match(run, /at <b>client<\/b>, step <code>receive: \{ text: "HELLO\\n" \}<\/code>/);
  assert.match(run, /\(scenarios\/tcp\/upper\.yaml:12:7\)/);
  assert.match(run, /<pre class="diff">first difference at offset 0/);
  assert.match(run, /48 45 4c 4c 4f 0a/);
  assert.match(run, /<tr class="bad"><td>✗ lossless<\/td><td>5 of 6 bytes corrupted<\/td>/);
  assert.match(
    run,
    /<tr class="bad"><td>client\/main \(bytes\)<\/td>(<td class="num">[^<]*<\/td>){5}<td class="num">5<\/td>/,
  );
  assert.match(run, /output of server \(exit code 1\)/);
  assert.match(run, /request 14<\/pre>/);
  assert.match(run, /<pre class="stderr">warning: lowercase mode<\/pre>/);
  assert.match(run, /<div class="diagram" data-index="0"><\/div>/);
});

Deno.test("renderReportPage keeps output tails to the last lines", () => {
  const run = runElement(
    renderReportPage(summaryOf([failedStepResult()]), { outputLines: 3 }),
    "upper-case server answers in capitals",
  );
  assert.match(
    run,
    /<pre class="stdout">… 11 lines before\nrequest 12\nrequest 13\nrequest 14<\/pre>/,
  );
});

Deno.test("renderReportPage escapes names, messages and notes, and keeps diagrams inert", () => {
  const page = renderReportPage(summaryOf([nastyResult(), failedStepResult()]));
  assert.match(page, /odd &lt;name&gt; &amp; "quotes"/);
  assert.doesNotMatch(page, /<name>|<tag>/);
  const json = page.slice(page.indexOf('id="diagrams">'), page.indexOf("</script>"));
  assert.doesNotMatch(json.slice('id="diagrams">'.length), /</);
  const diagrams = JSON.parse(json.slice('id="diagrams">'.length));
  assert.equal(diagrams[0], null, "no diagram without events");
  assert.match(diagrams[1], /^<svg /);
});

Deno.test("renderReportPage opens only the first failed runs", () => {
  const failed = Array.from({ length: 4 }, (_, i) => ({ ...failedStepResult(), name: `f${i}` }));
  const page = renderReportPage(summaryOf(failed), { openFailed: 2 });
  assert.equal((page.match(/ open>/g) ?? []).length, 2);
});
