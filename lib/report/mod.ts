/**
 * Reporters: what sockspec prints and writes about a run. A reporter reads results
 * ({@linkcode ScenarioResult}, {@linkcode RunSummary}) and nothing else.
 *
 * | name     | writes                                                            |
 * | -------- | ----------------------------------------------------------------- |
 * | `pretty` | progress, a line a scenario, failure blocks, `N passed, N failed` |
 * | `dot`    | a character a scenario, failure blocks, `N passed, N failed`      |
 * | `json`   | one JSON document (bytes as `{hex, text}`, events included)       |
 * | `junit`  | JUnit XML: a testsuite a scenario file, a testcase a result       |
 * | `tap`    | TAP version 14, with YAML diagnostics on failures                 |
 * | `github` | `::error` annotations on stderr, a job summary in Markdown        |
 * | `html`   | one page: every run with its sequence diagram, failures first     |
 *
 * A new reporter is one file plus one line in {@linkcode REPORTERS}.
 *
 * @example
 * ```ts
 * import { combineReporters, createReporter } from "./mod.ts";
 * const reporter = combineReporters([
 *   createReporter("pretty", { verbose: false }),
 *   createReporter("junit", { output: "reports/junit.xml" }),
 * ]);
 * console.assert(typeof reporter.result === "function");
 * ```
 *
 * @module
 */
import type { Reporter, ReporterOptions } from "./reporter.ts";
import { PrettyReporter } from "./pretty.ts";
import { DotReporter } from "./dot.ts";
import { JsonReporter } from "./json.ts";
import { JunitReporter } from "./junit.ts";
import { TapReporter } from "./tap.ts";
import { HtmlReporter } from "./html.ts";
import { GithubReporter } from "./github.ts";

export type { Reporter, ReporterOptions, RunStart } from "./reporter.ts";
export type {
  CheckVerdict,
  Failure,
  RunSummary,
  ScenarioResult,
  SourceLocation,
  Status,
} from "./result.ts";
export { PrettyReporter, type PrettyReporterOptions } from "./pretty.ts";
export { DotReporter } from "./dot.ts";
export {
  type JsonBytes,
  type JsonReport,
  JsonReporter,
  replacer as jsonReplacer,
  toJsonReport,
} from "./json.ts";
export { formatJunit, JunitReporter } from "./junit.ts";
export { formatTestPoint, TapReporter } from "./tap.ts";
export { HtmlReporter } from "./html.ts";
export {
  escapeData,
  escapeProperty,
  formatAnnotation,
  formatJobSummary,
  GithubReporter,
  type GithubReporterOptions,
} from "./github.ts";
export { combineReporters, StdoutConflictError } from "./combine.ts";
export { firstDifference, formatDiff, type FormatDiffOptions } from "./diff.ts";
export { describeEvent, formatEventsTable, type FormatEventsTableOptions } from "./events_table.ts";
export { formatFailure, type FormatFailureOptions, formatLocation } from "./failure_block.ts";
export { formatRunFooter, formatSummaryLine } from "./summary_line.ts";

/** Makes a reporter from its options. */
export type ReporterFactory = (options: ReporterOptions) => Reporter;

/** The registry of reporters, by the name the command line uses. */
export const REPORTERS = {
  pretty: (options: ReporterOptions): Reporter => new PrettyReporter(options),
  dot: (options: ReporterOptions): Reporter => new DotReporter(options),
  json: (options: ReporterOptions): Reporter => new JsonReporter(options),
  junit: (options: ReporterOptions): Reporter => new JunitReporter(options),
  tap: (options: ReporterOptions): Reporter => new TapReporter(options),
  github: (options: ReporterOptions): Reporter => new GithubReporter(options),
  html: (options: ReporterOptions): Reporter => new HtmlReporter(options),
} as const satisfies Record<string, ReporterFactory>;

/** Name of a registered reporter. */
export type ReporterName = keyof typeof REPORTERS;

/** Names of the registered reporters, in registry order (for `--help` and validation). */
export const REPORTER_NAMES: readonly ReporterName[] = Object.keys(REPORTERS) as ReporterName[];

/**
 * Reporters that write to standard error when given no file (GitHub reads workflow commands from
 * both streams), so they share the console with any one reporter on standard output.
 */
export const STDERR_REPORTERS: ReadonlySet<string> = new Set<ReporterName>(["github"]);

/** Thrown by {@linkcode createReporter} for a name that is not registered. */
export class UnknownReporterError extends Error {
  constructor(name: string) {
    super(`Expected a reporter name among ${REPORTER_NAMES.join(", ")}, found "${name}"`);
    this.name = "UnknownReporterError";
  }
}

/**
 * Makes the reporter registered under `name`.
 *
 * @example A TAP report collected as text
 * ```ts
 * import { createReporter } from "@sockspec/sockspec";
 *
 * let tap = "";
 * const reporter = createReporter("tap", { write: (text) => tap += text });
 * await reporter.start({ total: 0, seed: 1, concurrency: 1 });
 * await reporter.end({ passed: 0, failed: 0, skipped: 0, durationMs: 0, seed: 1, results: [] });
 * if (!tap.startsWith("TAP version")) throw new Error(`not TAP: ${tap}`);
 * ```
 *
 * @throws {UnknownReporterError} When no reporter has that name.
 */
export function createReporter(name: ReporterName, options: ReporterOptions = {}): Reporter {
  if (!Object.hasOwn(REPORTERS, name)) throw new UnknownReporterError(name);
  return REPORTERS[name](options);
}

/** Whether `name` is the name of a registered reporter. */
export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(REPORTERS, name);
}
