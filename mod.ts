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
 * if (summary.failed > 0) throw new Error(`${summary.failed} failed`);
 * ```
 *
 * @module
 */
export { loadScenarioFile, parseScenarioObject, parseScenarios } from "./lib/scenario/load.ts";
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
export {
  benchScenario,
  type BenchScenarioOptions,
  type BenchScenarioResult,
} from "./lib/runner/bench_scenario.ts";
export { evaluateProperties } from "./lib/property/mod.ts";
export { combineReporters, createReporter, type Reporter } from "./lib/report/mod.ts";
export type { RunSummary, ScenarioResult } from "./lib/report/result.ts";
export type { RecordEvent } from "./lib/record/event.ts";
export { main } from "./lib/cli/mod.ts";
