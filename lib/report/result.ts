/**
 * Results of running scenarios: what reporters read. A reporter reads these and nothing else.
 *
 * @module
 */
import type { RecordEvent } from "../record/event.ts";
import type { CheckVerdict } from "../common/verdict.ts";
import type { SourceLocation } from "../common/location.ts";
import type { Transport } from "../common/transport.ts";

/**
 * Outcome of one scenario on one transport. `interrupted`: the run was stopped by a signal
 * (SIGINT, SIGTERM, SIGHUP) before it could finish, so it has no verdict.
 */
export type Status = "passed" | "failed" | "skipped" | "interrupted";

export type { CheckVerdict, SourceLocation };

/** Why a scenario failed. */
export interface Failure {
  /** One line: what was expected and what happened. */
  message: string;
  /** Peer whose step failed, if a step failed. */
  peer?: string;
  /**
   * The failed step as it ran, for example `receive: { text: "HELLO\n" }`; when it holds
   * `{variables}`, with their values and then `  # written: ` and the step as written.
   */
  step?: string;
  /** Where the failed step (or the scenario) is written. */
  location?: SourceLocation;
  /** Bytes the step expected, for the hex and text diff. */
  expected?: Uint8Array;
  /** Bytes that arrived instead. */
  received?: Uint8Array;
  /** Output of command peers (tails), keyed by peer name. */
  output?: Record<string, { stdout: string; stderr: string; exitCode?: number | null }>;
}

/** Result of one scenario run on one transport. */
export interface ScenarioResult {
  /** Stable id: `file#name[transport]`. */
  id: string;
  /** The scenario's name. */
  name: string;
  /** Path of the scenario file. */
  file: string;
  /** Line of the scenario's `name` in its file. */
  line: number;
  /** The transport of this run. */
  transport: Transport;
  /** The scenario's tags. */
  tags: string[];
  /** Passed, failed or skipped. */
  status: Status;
  /** Wall time of the run, in ms. */
  durationMs: number;
  /** Seed of every random decision in this run. */
  seed: number;
  /** Why it was skipped, on skipped results. */
  skipReason?: string;
  /** Why it failed, on failed results; which signal stopped it, on interrupted results. */
  failure?: Failure;
  /** Every check run, passed or not. */
  checks: CheckVerdict[];
  /** Lines that describe the exchange, for example how writes were split into reads. */
  notes: string[];
  /** The last events of the record (all of them on failure, up to a bound). */
  events: RecordEvent[];
  /** A shell command that reruns only this scenario with the same seed. */
  rerun: string;
}

/** Totals of a run. */
export interface RunSummary {
  /** Runs that passed. */
  passed: number;
  /** Runs that failed. */
  failed: number;
  /** Runs that were skipped. */
  skipped: number;
  /** Runs stopped by a signal (status `interrupted`). @default {0} */
  interrupted?: number;
  /**
   * Set when a signal stopped the run: its name (`SIGINT`) and the runs that never started.
   * The results then hold only the runs that started.
   */
  interruption?: { signal: string; notStarted: number };
  /** Wall time of the whole run, in ms. */
  durationMs: number;
  /** Seed of the run. */
  seed: number;
  /** One result a scenario and transport, in plan order. */
  results: ScenarioResult[];
}
