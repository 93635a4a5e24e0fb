/**
 * sockspec: declarative socket scenarios run on real sockets.
 *
 * Load a scenario file, run it on a transport, and report:
 *
 * ```ts
 * import { createReporter, loadScenarioFile, planRuns, runSuite } from "./mod.ts";
 *
 * const scenarios = await loadScenarioFile("scenarios/stream/echo_half_close.yaml");
 * const summary = await runSuite(planRuns(scenarios), {
 *   seed: 42,
 *   reporter: createReporter("pretty", {}),
 * });
 * console.assert(summary.failed === 0);
 * ```
 *
 * @module
 */
export { loadScenarioFile, parseScenarios } from "./lib/scenario/load.ts";
export { ScenarioFileError } from "./lib/scenario/errors.ts";
export type { Peer, Scenario, Step, Transport } from "./lib/scenario/model.ts";
export { scenarioSchema } from "./lib/scenario/schema.ts";
export { runScenario, type RunScenarioOptions } from "./lib/runner/run_scenario.ts";
export {
  type PlannedRun,
  planRuns,
  runSuite,
  type RunSuiteOptions,
} from "./lib/runner/run_suite.ts";
export { type LoadOptions, runLoad } from "./lib/runner/load_run.ts";
export {
  type LoadDocument,
  type LoadInterval,
  type LoadResult,
  mergeLoadResults,
} from "./lib/runner/load_result.ts";
export type { LatencyPercentiles } from "./lib/runner/load_histogram.ts";
export type { BudgetVerdict, LatencyBudget } from "./lib/runner/load_budget.ts";
export { evaluateProperties } from "./lib/property/mod.ts";
export { combineReporters, createReporter, type Reporter } from "./lib/report/mod.ts";
export type { RunSummary, ScenarioResult } from "./lib/report/result.ts";
export type { RecordEvent } from "./lib/record/event.ts";
export { main } from "./lib/cli/mod.ts";
