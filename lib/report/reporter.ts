/**
 * The reporter interface: what the runner calls while scenarios run.
 *
 * A reporter reads results and nothing else. It never looks at scenarios, sockets or the record
 * store: everything it prints comes from {@linkcode ScenarioResult} and {@linkcode RunSummary}.
 *
 * @module
 */
import type { RunSummary, ScenarioResult } from "./result.ts";

/** What a reporter is told before the first scenario starts. */
export interface RunStart {
  /** Scenario runs planned (one per scenario and transport). */
  total: number;
  /** Seed of the run, printed in every report. */
  seed: number;
  /** Scenarios that may run at once. */
  concurrency: number;
}

/**
 * Receives the progress and results of a run.
 *
 * The runner calls {@linkcode Reporter.start} once, then {@linkcode Reporter.begin} and
 * {@linkcode Reporter.result} for each scenario (results in completion order), then
 * {@linkcode Reporter.end} once. The runner awaits every returned promise before the next call.
 */
export interface Reporter {
  /**
   * True when this reporter writes to the process's standard output. At most one reporter of a
   * {@linkcode combineReporters} group may.
   */
  readonly writesStdout?: boolean;
  /**
   * Events of the record this reporter wants in every result, passed ones included (a failed
   * result carries its last events anyway). @default {0}
   */
  readonly keepEvents?: number;
  /** Called once before the first scenario starts. */
  start(info: RunStart): void | Promise<void>;
  /** Called when a scenario begins (for progress). */
  begin?(id: string, name: string, transport: string): void;
  /** Called once per finished scenario, in completion order. */
  result(result: ScenarioResult): void | Promise<void>;
  /** Called once at the end; writes files if the reporter has an output path. */
  end(summary: RunSummary): void | Promise<void>;
}

/**
 * Suffix of the temporary name a report file is written under (`junit.xml.partial`) before it
 * is renamed into place.
 */
export const PARTIAL_SUFFIX = ".partial";

/** Options every reporter accepts. */
export interface ReporterOptions {
  /**
   * Path of a file to write the report to, at the end of the run; parent folders are created,
   * and the file is written under a temporary name and renamed, so it is never seen half-written.
   * When unset, the report goes to `write`, else to standard output.
   *
   * @default {undefined}
   */
  output?: string;
  /**
   * Use ANSI colours. When unset, colours are on only when the report goes to standard output,
   * standard output is a terminal and `NO_COLOR` is not set. An explicit `true` wins over
   * `NO_COLOR` (as https://no-color.org allows for explicit user configuration).
   *
   * @default {undefined}
   */
  color?: boolean;
  /**
   * Say more: check verdicts and notes of passed scenarios, every event kept on failures.
   *
   * @default {false}
   */
  verbose?: boolean;
  /**
   * Where text goes when `output` is unset, instead of standard output. Text arrives in pieces,
   * each ending with a newline unless it redraws a progress line.
   *
   * @default {undefined}
   */
  write?: (text: string) => void;
}
