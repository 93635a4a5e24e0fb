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
export type { NetworkFaults, Peer, PeerKind, Scenario, Step } from "./lib/model/scenario.ts";
export type { CheckDocument } from "./lib/check/schema.ts";
export type { LatencyBound } from "./lib/check/latency.ts";
export type { BuiltinName, PeerOptions, ServerTls, ServerTlsSettings } from "./lib/model/peer.ts";
export type {
  BandwidthParams,
  BlackholeParams,
  CloseParams,
  CoalesceParams,
  DatagramFault,
  DatagramFaultKindName,
  DatagramFaultParams,
  DelayParams,
  Direction,
  DropParams,
  DuplicateParams,
  Fault,
  Faults,
  LatencyParams,
  ReorderParams,
  ResetParams,
  SlicerParams,
  SlowCloseParams,
  StreamFault,
  StreamFaultKindName,
  StreamFaultParams,
  TruncateParams,
} from "./lib/fault/mod.ts";
export type { CheckVerdict, SourceLocation, Transport } from "./lib/common/mod.ts";
export type { LatencySummary } from "./lib/common/histogram.ts";
// The zod schema itself stays internal (its type is zod's); validate with parseScenarioObject,
// or use the JSON Schema in schema/scenario.schema.json.
export type { NetworkDocument, PeerDocument, ScenarioDocument } from "./lib/scenario/schema.ts";
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
export { evaluateChecks } from "./lib/check/mod.ts";
export { combineReporters, createReporter, type Reporter, REPORTERS } from "./lib/report/mod.ts";
export type { Failure, RunSummary, ScenarioResult, Status } from "./lib/report/result.ts";
export type { ReporterName, ReporterOptions, RunStart } from "./lib/report/mod.ts";
export type {
  ByteRange,
  DatagramCheckSummary,
  EventKind,
  RecordEvent,
  StreamCheckSummary,
  TimingSummary,
} from "./lib/record/event.ts";
export { type CliIo, main } from "./lib/cli/mod.ts";
