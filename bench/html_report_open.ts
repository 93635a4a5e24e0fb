/**
 * How fast an HTML report of 1,000 runs opens in headless Chromium.
 *
 * Runs the scenarios under the given folders once on real sockets (default: scenarios/builtin,
 * scenarios/faults, scenarios/errors), repeats their results up to 1,000 runs, writes
 * reports/html_1000.html and opens it five times, printing the page size and, for each opening,
 * the time from navigation to the load event and to the first contentful paint, in ms.
 *
 *     deno run -A bench/html_report_open.ts [FOLDER...]
 *
 * @module
 */
import { discoverScenarioFiles } from "../lib/cli/discover.ts";
import { loadScenarioFile } from "../lib/scenario/load.ts";
import { planRuns, runSuite } from "../lib/runner/run_suite.ts";
import { HtmlReporter } from "../lib/report/html.ts";
import type { Reporter } from "../lib/report/reporter.ts";
import type { RunSummary, ScenarioResult } from "../lib/report/result.ts";
import { renderReportPage } from "../lib/report/html/page.ts";
import { launchChromium } from "../lib/report/html/browser.ts";

const RUNS = 1000;
const OPENINGS = 5;

async function realResults(folders: string[]): Promise<ScenarioResult[]> {
  const files = await discoverScenarioFiles(folders);
  const scenarios = (await Promise.all(files.map(loadScenarioFile))).flat();
  const quiet: Reporter = {
    keepEvents: new HtmlReporter().keepEvents,
    start() {},
    result() {},
    end() {},
  };
  const summary = await runSuite(planRuns(scenarios), { seed: 1, concurrency: 4, reporter: quiet });
  return summary.results;
}

function thousand(results: ScenarioResult[]): RunSummary {
  const many = Array.from({ length: RUNS }, (_, i) => {
    const result = results[i % results.length];
    return { ...result, id: `${result.id}#${i}`, name: `${result.name} (copy ${i})` };
  });
  const count = (status: string) => many.filter((r) => r.status === status).length;
  return {
    passed: count("passed"),
    failed: count("failed"),
    skipped: count("skipped"),
    durationMs: 0,
    seed: 1,
    results: many,
  };
}

if (import.meta.main) {
  const folders = Deno.args.length > 0
    ? Deno.args
    : ["scenarios/builtin", "scenarios/faults", "scenarios/errors"];
  const results = await realResults(folders);
  const html = renderReportPage(thousand(results));
  await Deno.mkdir("reports", { recursive: true });
  const path = `${Deno.cwd()}/reports/html_1000.html`;
  await Deno.writeTextFile(path, html);
  console.log(`${RUNS} runs (from ${results.length} real ones): ${html.length} bytes in ${path}`);
  await using chromium = await launchChromium();
  for (let i = 0; i < OPENINGS; i++) {
    const page = await chromium.browser.newPage();
    const started = performance.now();
    await page.goto(`file://${path}`, { waitUntil: "load" });
    const wallMs = performance.now() - started;
    const timing = await page.evaluate(() => {
      // Runs in the page: a PerformanceNavigationTiming, which Deno's types do not declare.
      const nav = performance.getEntriesByType("navigation")[0] as unknown as {
        loadEventEnd: number;
      };
      const paint = performance.getEntriesByName("first-contentful-paint")[0];
      return { loadMs: nav.loadEventEnd, paintMs: paint?.startTime ?? NaN };
    });
    console.log(
      `opening ${i + 1}: load event at ${timing.loadMs.toFixed(0)} ms, first contentful paint ` +
        `at ${timing.paintMs.toFixed(0)} ms, page.goto took ${wallMs.toFixed(0)} ms`,
    );
    await page.close();
  }
}
