import assert from "node:assert/strict";
import { join } from "node:path";
import { parseScenarios } from "../scenario/load.ts";
import { planRuns, runSuite } from "../runner/run_suite.ts";
import { HtmlReporter } from "./html.ts";
import { launchChromium, openOffline } from "./html/browser.ts";
import type { RunSummary } from "./result.ts";

/** A suite with a pass, a failed step, a failed check behind a fault relay, and a skip. */
const SUITE = `
name: the upper-case server answers in capitals
tags: [stream, upper]
transport: tcp
server: { builtin: upper }
client:
  - connect: {}
  - send: "Hello, sockets!\\n"
  - receive: "HELLO, SOCKETS!\\n"
---
name: expecting the upper-case server to echo as is fails
tags: [stream, upper]
transport: tcp
server: { builtin: upper }
client:
  - connect: {}
  - send: "Hello, sockets!\\n"
  - receive: "Hello, sockets!\\n"
---
name: a relay that drops every 5th datagram breaks a limit of 5 lost
tags: [datagram, faults]
transport: udp
server: { builtin: echo }
faults:
  - drop: { every: 5 }
    direction: to_server
client:
  - send_to: { generate: 64, count: 40 }
  - receive_from: { verify: true, count: 40, idle: 300ms }
check: [max_loss: 5]
---
name: a scenario skipped on purpose
tags: [stream]
transport: tcp
skip: shows a skipped run in the report
server: { builtin: echo }
client:
  - connect: {}
`;

/** Runs {@linkcode SUITE} on real sockets and writes its HTML report to `path`. */
async function writeSuiteReport(path: string): Promise<RunSummary> {
  const scenarios = parseScenarios(SUITE, "suite.yaml");
  return await runSuite(planRuns(scenarios), {
    seed: 1234,
    concurrency: 2,
    reporter: new HtmlReporter({ output: path }),
  });
}

/** What a diagram of the page shows, read in the browser. */
interface DiagramView {
  name: string;
  lifelines: string[];
  arrows: string[];
  failing: string[];
  faults: string[];
}

Deno.test({
  name: "the HTML report opens in Chromium with diagrams of the failed runs, offline and clean",
  // puppeteer-core keeps its websocket to the browser open until the browser is closed.
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "html-report-test-" });
    try {
      const path = join(dir, "report.html");
      const summary = await writeSuiteReport(path);
      assert.deepEqual([summary.passed, summary.failed, summary.skipped], [1, 2, 1]);
      await using chromium = await launchChromium();
      const { page, requests, errors: consoleErrors } = await openOffline(chromium.browser, path, {
        width: 1280,
        height: 1600,
      });

      const order = await page.$$eval("details.run", (runs) => runs.map((r) => r.dataset.status));
      assert.deepEqual(order, ["failed", "failed", "passed", "skipped"]);

      const diagrams: DiagramView[] = await page.$$eval(
        "details.run[data-status=failed]",
        (runs) =>
          runs.map((run) => ({
            name: run.querySelector(".name")!.textContent!,
            lifelines: [...run.querySelectorAll(".diagram .lifeline")].map((g) =>
              g.getAttribute("data-peer")!
            ),
            arrows: [...run.querySelectorAll(".diagram .row.arrow")].map((g) =>
              `${g.getAttribute("data-kind")} ${g.getAttribute("data-from")}->${
                g.getAttribute("data-to")
              }`
            ),
            failing: [...run.querySelectorAll(".diagram .row.failing")].map((g) =>
              g.getAttribute("data-kind")!
            ),
            faults: [...run.querySelectorAll(".diagram .row[data-fault]")].map((g) =>
              g.getAttribute("data-fault")!
            ),
          })),
      );
      const [step, check] = diagrams;
      assert.equal(step.name, "expecting the upper-case server to echo as is fails");
      assert.deepEqual(step.lifelines, ["client", "server"]);
      for (
        const arrow of [
          "connect client->server",
          "accept client->server",
          "send client->server",
          "receive client->server",
          "send server->client",
          "receive server->client",
        ]
      ) assert.ok(step.arrows.includes(arrow), `${arrow} in ${step.arrows.join(", ")}`);
      assert.deepEqual(step.failing, ["error"]);

      assert.equal(check.name, "a relay that drops every 5th datagram breaks a limit of 5 lost");
      assert.deepEqual(check.lifelines, ["client", "relay", "server"]);
      assert.ok(check.arrows.includes("send client->relay"), check.arrows.join(", "));
      assert.ok(check.arrows.includes("receive relay->client"), check.arrows.join(", "));
      assert.ok(check.faults.includes("drop"));
      assert.deepEqual(check.failing, ["datagram_check"]);

      const failedText = await page.$eval("details.run[data-status=failed]", (r) => r.textContent);
      assert.match(failedText!, /expected \d+ bytes, received \d+ bytes|expected .* received/s);
      const checks = await page.$$eval(
        "details.run[data-status=failed]:nth-of-type(2) tr.bad",
        (rows) => rows.map((r) => r.textContent),
      );
      assert.ok(
        checks.some((t) => /lossless.*8 of 40 sent datagrams lost/.test(t!)),
        checks.join(" | "),
      );
      const counts = await page.$$eval(
        "details.run[data-status=failed]:nth-of-type(2) table.counts tr.bad td.num",
        (cells) => cells.map((c) => Number(c.textContent)),
      );
      assert.deepEqual(counts, [40, 32, 8, 0, 0, 0]);

      // A passed run's diagram is drawn when the run is opened.
      const passed = "details.run[data-status=passed]";
      assert.equal(await page.$eval(passed, (r) => r.querySelector("svg") === null), true);
      await page.click(`${passed} > summary`);
      await page.waitForSelector(`${passed} .diagram svg .lifeline`);

      await Deno.mkdir("reports", { recursive: true });
      await page.screenshot({ path: "reports/html_report.png", fullPage: true });

      // The status filter hides the other runs.
      await page.click("#filters input[value=passed]");
      await page.click("#filters input[value=skipped]");
      const shown = await page.$$eval(
        "details.run",
        (runs) => runs.filter((r) => !r.hidden).map((r) => r.dataset.status),
      );
      assert.deepEqual(shown, ["failed", "failed"]);
      assert.equal(await page.$eval("#shown", (e) => e.textContent), "2 of 4 runs shown");
      // A ticked tag keeps only the runs that have it.
      await page.click("#filters input[value=faults]");
      const tagged = await page.$$eval(
        "details.run",
        (runs) => runs.filter((r) => !r.hidden).map((r) => r.querySelector(".name")!.textContent),
      );
      assert.deepEqual(tagged, ["a relay that drops every 5th datagram breaks a limit of 5 lost"]);

      assert.deepEqual(requests, []);
      assert.deepEqual(consoleErrors, []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
