import assert from "node:assert/strict";
import { combineReporters, StdoutConflictError } from "./combine.ts";
import type { Reporter } from "./reporter.ts";
import { collector, drive, failedStepResult, passedResult } from "./_fixtures.ts";
import { createReporter } from "./mod.ts";

/** A reporter that logs the calls it gets, tagged with its name. */
function logger(name: string, log: string[], writesStdout = false): Reporter {
  return {
    writesStdout,
    start: (info) => void log.push(`${name}.start ${info.total}`),
    begin: (id) => void log.push(`${name}.begin ${id}`),
    result: async (result) => {
      await Promise.resolve();
      log.push(`${name}.result ${result.status}`);
    },
    end: async (summary) => {
      await Promise.resolve();
      log.push(`${name}.end ${summary.failed}`);
    },
  };
}

Deno.test("combineReporters forwards every call to each reporter in order", async () => {
  const log: string[] = [];
  const both = combineReporters([logger("a", log, true), logger("b", log)]);
  assert.equal(both.writesStdout, true);
  await drive(both, [passedResult(), failedStepResult()]);
  assert.deepEqual(log, [
    "a.start 2",
    "b.start 2",
    `a.begin ${passedResult().id}`,
    `b.begin ${passedResult().id}`,
    "a.result passed",
    "b.result passed",
    `a.begin ${failedStepResult().id}`,
    `b.begin ${failedStepResult().id}`,
    "a.result failed",
    "b.result failed",
    "a.end 1",
    "b.end 1",
  ]);
});

Deno.test("combineReporters skips begin on reporters without it", async () => {
  const log: string[] = [];
  const plain: Reporter = { start() {}, result: () => void log.push("result"), end() {} };
  await drive(combineReporters([plain]), [passedResult()]);
  assert.deepEqual(log, ["result"]);
});

Deno.test("combineReporters refuses two reporters on standard output", () => {
  assert.throws(
    () => combineReporters([createReporter("pretty"), createReporter("tap")]),
    (error: unknown) =>
      error instanceof StdoutConflictError &&
      error.message ===
        "Expected at most one reporter writing to standard output, found 2: give the others an output file",
  );
});

Deno.test("combineReporters accepts one stdout reporter beside reporters with their own sinks", () => {
  const tap = collector();
  const both = combineReporters([
    createReporter("pretty"),
    createReporter("tap", { write: tap.write }),
    createReporter("junit", { output: "never-written.xml" }),
  ]);
  assert.equal(both.writesStdout, true);
  assert.equal(
    combineReporters([createReporter("json", { write: tap.write })]).writesStdout,
    false,
  );
});

Deno.test("combineReporters asks for the most events any of its reporters wants", () => {
  const quiet = { start() {}, result() {}, end() {} };
  assert.equal(combineReporters([quiet, { ...quiet, keepEvents: 500 }]).keepEvents, 500);
  assert.equal(combineReporters([quiet]).keepEvents, 0);
});
