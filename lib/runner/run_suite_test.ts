import assert from "node:assert/strict";
import { Parser } from "tap-parser";
import { parseScenarios } from "../scenario/load.ts";
import { combineReporters, TapReporter } from "../report/mod.ts";
import type { Reporter } from "../report/reporter.ts";
import { planRuns, runSuite } from "./run_suite.ts";

const HERE = new URL(".", import.meta.url).pathname;

/** Two scenarios whose clients wait far longer than the test: only a stop ends them. */
const SLOW = ["first", "second"].map((name) =>
  `name: ${name} waits\ntransport: tcp\ntimeout: 60s\nstep_timeout: 60s\n` +
  "server: { builtin: echo }\nclient:\n  - connect: {}\n  - sleep: 50s\n"
).join("---\n");

Deno.test("an abort stops the running scenario, starts no other, and TAP says why", async () => {
  const runs = planRuns(parseScenarios(SLOW, `${HERE}testdata/inline.yaml`));
  const stop = new AbortController();
  let tap = "";
  // The run is under way once the reporter hears it begin: stop it then, as a signal would.
  const stopper: Reporter = {
    start() {},
    begin: () => queueMicrotask(() => stop.abort("SIGTERM")),
    result() {},
    end() {},
  };
  const reporter = combineReporters([new TapReporter({ write: (t) => tap += t }), stopper]);
  const summary = await runSuite(runs, { seed: 1, concurrency: 1, reporter, signal: stop.signal });
  assert.deepEqual(summary.results.map((r) => [r.name, r.status, r.failure?.message]), [
    ["first waits", "interrupted", "interrupted by SIGTERM"],
  ]);
  assert.equal(summary.interrupted, 1);
  assert.deepEqual(summary.interruption, { signal: "SIGTERM", notStarted: 1 });
  assert.match(tap, /^not ok 1 - first waits \[tcp\] # interrupted$/m);
  assert.match(tap, /^Bail out! Interrupted by SIGTERM\n# 0 passed, 0 failed, 1 interrupted$/m);
  const bailout = await new Promise<unknown>((resolve) => {
    const parser = new Parser();
    parser.on("complete", (final: { bailout: unknown }) => resolve(final.bailout));
    parser.end(tap);
  });
  assert.equal(bailout, "Interrupted by SIGTERM");
});
