/**
 * Several reporters as one.
 *
 * @module
 */
import type { Reporter, RunStart } from "./reporter.ts";
import type { RunSummary, ScenarioResult } from "./result.ts";

/** Thrown when more than one reporter of a group would write to standard output. */
export class StdoutConflictError extends Error {
  constructor(count: number) {
    super(
      `Expected at most one reporter writing to standard output, found ${count}: ` +
        "give the others an output file",
    );
    this.name = "StdoutConflictError";
  }
}

/**
 * Makes one reporter that forwards every call to each of `reporters`, in order, awaiting each
 * before the next; `writesStdout` is true when one of them writes to standard output, and
 * `keepEvents` is the largest of theirs.
 *
 * @example
 * ```ts
 * import { combineReporters, createReporter } from "./mod.ts";
 * const reporter = combineReporters([
 *   createReporter("pretty", {}),
 *   createReporter("junit", { output: "reports/junit.xml" }),
 * ]);
 * console.assert(reporter.writesStdout === true);
 * ```
 *
 * @throws {StdoutConflictError} When more than one of `reporters` writes to standard output.
 */
export function combineReporters(reporters: readonly Reporter[]): Reporter {
  const list = [...reporters];
  const stdout = list.filter((r) => r.writesStdout).length;
  if (stdout > 1) throw new StdoutConflictError(stdout);
  return {
    writesStdout: stdout === 1,
    keepEvents: Math.max(0, ...list.map((r) => r.keepEvents ?? 0)),
    async start(info: RunStart) {
      for (const reporter of list) await reporter.start(info);
    },
    begin(id: string, name: string, transport: string) {
      for (const reporter of list) reporter.begin?.(id, name, transport);
    },
    async result(result: ScenarioResult) {
      for (const reporter of list) await reporter.result(result);
    },
    async end(summary: RunSummary) {
      for (const reporter of list) await reporter.end(summary);
    },
  };
}
