import assert from "node:assert/strict";
import { join } from "node:path";
import { readTestdata } from "./_testdata.ts";
import type { BenchDocument } from "./report_document.ts";
import { renderBenchHtml } from "./report_html.ts";
import { launchChromium, openOffline } from "../report/html/browser.ts";

/** The JSON of a real `deno task bench --quick --transports tcp,udp --sizes 64,1K` run. */
async function quickDocument(): Promise<BenchDocument> {
  return JSON.parse(await readTestdata("bench_results_quick.json"));
}

Deno.test("renderBenchHtml draws comparisons, distributions, latency over time and targets", async () => {
  const page = await renderBenchHtml(await quickDocument());
  const section = (title: string) => {
    const start = page.indexOf(`<h2>${title}`);
    return page.slice(start, page.indexOf("<h2>", start + 4));
  };
  const charts = (text: string) => (text.match(/<div class="chart"><svg/g) ?? []).length;
  assert.equal(charts(section("Throughput and round trips")), 3);
  assert.equal(charts(section("Latency percentile distributions")), 4);
  assert.equal(charts(section("Latency under load over time")), 2);
  assert.equal((section("Targets").match(/<tr class=/g) ?? []).length, 6);
  assert.doesNotMatch(page, /<script/);
  assert.match(page, /Content-Security-Policy" content="default-src 'none'/);
});

Deno.test({
  name: "the benchmark page opens in Chromium with no request and no console error",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "bench-html-test-" });
    try {
      const path = join(dir, "bench.html");
      await Deno.writeTextFile(path, await renderBenchHtml(await quickDocument()));
      await using chromium = await launchChromium();
      const { page, requests, errors } = await openOffline(chromium.browser, path, {
        width: 1300,
        height: 1000,
      });
      const sizes = await page.$$eval(
        ".chart svg",
        (svgs) => svgs.map((s) => s.getBoundingClientRect().height),
      );
      assert.equal(sizes.length, 9);
      assert.ok(sizes.every((h) => h > 100), sizes.join());
      await Deno.mkdir("reports", { recursive: true });
      await page.screenshot({ path: "reports/bench_report.png", fullPage: true });
      assert.deepEqual(requests, []);
      assert.deepEqual(errors, []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
