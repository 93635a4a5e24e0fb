/**
 * Results of running scenarios: what reporters read. A reporter reads these and nothing else.
 *
 * @module
 */
import type { RecordEvent } from "../record/event.ts";

/** Outcome of one scenario on one transport. */
export type Status = "passed" | "failed" | "skipped";

/** Where in a scenario file something is, 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** The verdict of one property check, for example `ordered` or `max_loss`. */
export interface PropertyVerdict {
  name: string;
  ok: boolean;
  /** One line saying what was found, for example `1048576 of 1048576 bytes in order`. */
  detail: string;
}

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
  name: string;
  file: string;
  /** Line of the scenario's `name` in its file. */
  line: number;
  transport: string;
  tags: string[];
  status: Status;
  durationMs: number;
  /** Seed of every random decision in this run. */
  seed: number;
  /** Why it was skipped, on skipped results. */
  skipReason?: string;
  /** Why it failed, on failed results. */
  failure?: Failure;
  /** Every property checked, passed or not. */
  properties: PropertyVerdict[];
  /** Lines that describe the exchange, for example how writes were split into reads. */
  notes: string[];
  /** The last events of the record (all of them on failure, up to a bound). */
  events: RecordEvent[];
  /** A shell command that reruns only this scenario with the same seed. */
  rerun: string;
}

/** Totals of a run. */
export interface RunSummary {
  passed: number;
  failed: number;
  skipped: number;
  durationMs: number;
  seed: number;
  results: ScenarioResult[];
}
