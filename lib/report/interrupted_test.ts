import assert from "node:assert/strict";
import { createReporter, type ReporterName, type RunSummary, type ScenarioResult } from "./mod.ts";
import { collector, drive, passedResult, summaryOf } from "./_fixtures.ts";

/** A run a signal stopped: one result passed, one interrupted, two runs never started. */
function interruptedRun(): { results: ScenarioResult[]; summary: RunSummary } {
  const stopped: ScenarioResult = {
    ...passedResult(),
    id: "scenarios/slow.yaml#slow[tcp]",
    name: "slow",
    file: "scenarios/slow.yaml",
    status: "interrupted",
    failure: { message: "interrupted by SIGTERM" },
    checks: [],
  };
  const results = [passedResult(), stopped];
  const summary: RunSummary = {
    ...summaryOf(results),
    interrupted: 1,
    interruption: { signal: "SIGTERM", notStarted: 2 },
  };
  return { results, summary };
}

async function report(name: ReporterName): Promise<string> {
  const out = collector();
  const { results, summary } = interruptedRun();
  // The plan had four runs; two never started.
  const reporter = createReporter(name, { write: out.write, color: false });
  await reporter.start({ total: 4, seed: summary.seed, concurrency: 1 });
  for (const result of results) await reporter.result(result);
  await reporter.end(summary);
  return out.text();
}

Deno.test("console reporters mark an interrupted run and count it in the summary line", async () => {
  const pretty = await report("pretty");
  assert.match(pretty, /^! slow \[tcp\] interrupted by SIGTERM$/m);
  assert.match(
    pretty,
    /^1 passed, 0 failed, 1 interrupted\nduration 3\.2 s, seed 12345; interrupted by SIGTERM, 2 not started$/m,
  );
  const dot = await report("dot");
  assert.match(dot, /^\.!\n\n1 passed, 0 failed, 1 interrupted$/m);
});

Deno.test("JUnit, TAP and JSON list an interrupted run as such", async () => {
  const junit = await report("junit");
  assert.match(junit, /<testsuites name="sockspec" tests="2" failures="0" errors="1" skipped="0"/);
  assert.match(
    junit,
    /<testcase name="slow \[tcp\]"[^>]*>\n\s*<error message="interrupted by SIGTERM" type="Interrupted"\/>/,
  );
  const tap = await report("tap");
  assert.match(
    tap,
    /^not ok 2 - slow \[tcp\] # interrupted\n {2}---\n {2}message: interrupted by SIGTERM$/m,
  );
  assert.match(tap, /^Bail out! Interrupted by SIGTERM$/m);
  const json = JSON.parse(await report("json"));
  assert.deepEqual(json.summary, { total: 2, passed: 1, failed: 0, skipped: 0, interrupted: 1 });
  assert.deepEqual(json.interruption, { signal: "SIGTERM", notStarted: 2 });
  assert.equal(json.results[1].status, "interrupted");
});

Deno.test("a run no signal stopped reports no interruption", async () => {
  const out = collector();
  await drive(createReporter("json", { write: out.write }), [passedResult()]);
  const json = JSON.parse(out.text());
  assert.equal(json.interruption, undefined);
  assert.equal("interrupted" in json.summary, false);
});
