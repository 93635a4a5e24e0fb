import assert from "node:assert/strict";
import { join } from "node:path";
import { main } from "./main.ts";
import { launchChromium, openOffline } from "../report/html/browser.ts";
import type { LoadDocument } from "../runner/load_result.ts";

const REQUESTS = `name: echo requests
transport: tcp
server: { builtin: echo }
client:
  - connect: {}
  - request:
      - send: "ping\\n"
      - receive: "ping\\n"
`;

async function cli(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (text) => stdout += text,
    stderr: (text) => stderr += text,
  });
  return { code, stdout, stderr };
}

/**
 * In a temp folder: a real 2 s load against the built-in echo (`run.json`), the same result
 * merged with itself by `load-merge` (`merged.json`), and `load-plot` of both (`load.html`).
 */
async function withPlottedLoad(fn: (dir: string, page: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "sockspec-load-plot-" });
  try {
    await Deno.writeTextFile(`${dir}/s.yaml`, REQUESTS);
    const run = await cli([
      `${dir}/s.yaml`,
      "--load",
      "--load-duration",
      "2s",
      "--load-clients",
      "2",
      "--load-json",
      `${dir}/run.json`,
    ]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const merge = await cli([
      "load-merge",
      `${dir}/run.json`,
      `${dir}/run.json`,
      "--output",
      `${dir}/merged.json`,
    ]);
    assert.equal(merge.code, 0, merge.stderr);
    const plot = await cli([
      "load-plot",
      `${dir}/run.json`,
      `${dir}/merged.json`,
      "--output",
      `${dir}/out/load.html`,
    ]);
    assert.equal(plot.code, 0, plot.stderr);
    assert.match(plot.stdout, /2 results drawn to .*load\.html/);
    await fn(dir, await Deno.readTextFile(`${dir}/out/load.html`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("load-plot draws figures, percentile distribution, rate and latency over time of each --load-json result", async () => {
  await withPlottedLoad(async (dir, page) => {
    const [result] = (JSON.parse(await Deno.readTextFile(`${dir}/run.json`)) as LoadDocument)
      .results;
    const sections = page.split(`<section class="load">`).slice(1);
    assert.equal(sections.length, 2);
    for (const section of sections) {
      assert.match(section, /<h2>echo requests \[tcp\]<\/h2>/);
      assert.equal((section.match(/<div class="chart"><svg/g) ?? []).length, 3);
      // The three charts by their titles and axis titles, as Vega draws them into the SVG.
      for (
        const text of [
          "echo requests [tcp]: request latency by percentile",
          "echo requests [tcp]: requests/s over time",
          "echo requests [tcp]: latency over time",
          "percentile",
          "latency (µs)",
          "time (s)",
          "requests/s",
          "99.9%",
        ]
      ) assert.ok(section.includes(`>${text}<`), text);
      assert.match(section, /<th>requests\/s<\/th>/);
      assert.match(section, /<td>99\.9%<\/td><td class="num">[\d.]+ (µs|ms)<\/td>/);
    }
    const completed = result.completed.toLocaleString("en-US");
    assert.ok(sections[0].includes(`<td class="num">${completed}</td>`), completed);
    assert.ok(sections[0].includes(`from ${dir}/run.json, results[0]`));
    assert.ok(sections[1].includes("2 instances merged"));
    const doubled = (result.completed * 2).toLocaleString("en-US");
    assert.ok(sections[1].includes(`<td class="num">${doubled}</td>`), doubled);
    // Self-contained: the only URLs are the SVG and XLink namespace names, nothing is loaded.
    const urls = new Set(page.match(/[a-z]+:\/\/[^"' <>)]+/g));
    assert.deepEqual([...urls].sort(), [
      "http://www.w3.org/1999/xlink",
      "http://www.w3.org/2000/svg",
    ]);
    assert.doesNotMatch(page, /<script|<link|<img|src=|url\(/);
    assert.match(page, /Content-Security-Policy" content="default-src 'none'/);
  });
});

Deno.test({
  name: "the load-plot page opens in Chromium with no request and no console error",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await withPlottedLoad(async (dir) => {
      await using chromium = await launchChromium();
      const { page, requests, errors } = await openOffline(
        chromium.browser,
        join(dir, "out/load.html"),
        {
          width: 1500,
          height: 1000,
        },
      );
      const sizes = await page.$$eval(
        ".chart svg",
        (svgs) => svgs.map((s) => s.getBoundingClientRect().height),
      );
      assert.equal(sizes.length, 6);
      assert.ok(sizes.every((h) => h > 100), sizes.join());
      await Deno.mkdir("reports", { recursive: true });
      await page.screenshot({ path: "reports/load_plot.png", fullPage: true });
      assert.deepEqual(requests, []);
      assert.deepEqual(errors, []);
    });
  },
});

Deno.test("load-plot rejects a file that is not --load-json output, and a bad histogram", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sockspec-load-plot-" });
  try {
    await Deno.writeTextFile(`${dir}/x.json`, `{"results": [{"name": "x"}]}`);
    const shape = await cli(["load-plot", `${dir}/x.json`, "--output", `${dir}/x.html`]);
    assert.equal(shape.code, 2);
    assert.match(shape.stderr, /x\.json: results\[0\]: expected "histogram" and "intervals"/);
    await Deno.writeTextFile(
      `${dir}/h.json`,
      `{"results": [{"histogram": "abc", "intervals": []}]}`,
    );
    const histogram = await cli(["load-plot", `${dir}/h.json`, "--output", `${dir}/h.html`]);
    assert.equal(histogram.code, 2);
    assert.match(
      histogram.stderr,
      /h\.json: results\[0\]\.histogram: expected an HDR histogram in compressed base64/,
    );
    const noOutput = await cli(["load-plot", `${dir}/x.json`]);
    assert.equal(noOutput.code, 2);
    assert.match(noOutput.stderr, /expected --output FILE\.html/);
    const none = await cli(["load-plot", "--output", `${dir}/x.html`]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /expected one or more JSON files/);
    await Deno.writeTextFile(`${dir}/empty.json`, `{"seed": 1, "results": []}`);
    const folder = await cli(["load-plot", `${dir}/empty.json`, "--output", dir]);
    assert.equal(folder.code, 2);
    assert.match(folder.stderr, /--output .*: .* is a folder; name a file in it/);
    const written = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(written, ["empty.json", "h.json", "x.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
