/**
 * The TAP reporter: Test Anything Protocol version 14 (https://testanything.org/tap-version-14-specification.html).
 *
 * @module
 */
import { stringify } from "../_deps/yaml.ts";
import type { Reporter, ReporterOptions, RunStart } from "./reporter.ts";
import type { RunSummary, ScenarioResult } from "./result.ts";
import { createSink, type Sink } from "./_sink.ts";
import { formatDiff } from "./diff.ts";
import { formatLocation } from "./failure_block.ts";
import { formatRunFooter, formatSummaryLine } from "./summary_line.ts";
import { visible } from "./_visible.ts";

/**
 * Writes TAP version 14: `TAP version 14` and the plan `1..N` (N from {@linkcode RunStart}) at
 * the start, then a test point a scenario in completion order, `ok 1 - NAME [TRANSPORT]`,
 * `ok 2 - NAME [TRANSPORT] # SKIP REASON`, or `not ok 3 - NAME [TRANSPORT]` followed by a YAML
 * diagnostic block (message, severity, at: `file:line:col`, peer, step, failed checks, the
 * hex and text diff, seed, rerun command, duration_ms), then the summary as `#` comments. A run
 * a signal stopped is `not ok 4 - NAME [TRANSPORT] # interrupted`; when runs of the plan never
 * started, `Bail out! Interrupted by SIGINT` comes before the summary to say why they are missing.
 *
 * A `#` or `\` in a description is escaped with `\`, as the specification requires.
 *
 * @example
 * ```ts
 * import { TapReporter } from "./tap.ts";
 * let tap = "";
 * const reporter = new TapReporter({ write: (t) => (tap += t) });
 * reporter.start({ total: 0, seed: 1, concurrency: 1 });
 * await reporter.end({ passed: 0, failed: 0, skipped: 0, durationMs: 1, seed: 1, results: [] });
 * console.assert(tap.startsWith("TAP version 14\n1..0\n"));
 * ```
 */
export class TapReporter implements Reporter {
  readonly writesStdout: boolean;
  #sink: Sink;
  #count = 0;

  constructor(options: ReporterOptions = {}) {
    this.#sink = createSink(options);
    this.writesStdout = this.#sink.stdout;
  }

  start(info: RunStart): void {
    this.#sink.write(`TAP version 14\n1..${info.total}\n`);
  }

  result(result: ScenarioResult): void {
    this.#count++;
    this.#sink.write(formatTestPoint(result, this.#count));
  }

  async end(summary: RunSummary): Promise<void> {
    const stop = summary.interruption;
    // The plan promised every run; "Bail out!" tells a TAP reader why the rest never came.
    if (stop && stop.notStarted > 0) this.#sink.write(`Bail out! Interrupted by ${stop.signal}\n`);
    this.#sink.write(`# ${formatSummaryLine(summary)}\n# ${formatRunFooter(summary)}\n`);
    await this.#sink.flush();
  }
}

/** One TAP test point (with its YAML block when it failed), ending with a newline. */
export function formatTestPoint(result: ScenarioResult, id: number): string {
  const description = escapeDescription(`${result.name} [${result.transport}]`);
  switch (result.status) {
    case "passed":
      return `ok ${id} - ${description}\n`;
    case "skipped":
      return `ok ${id} - ${description} # SKIP ${oneLine(result.skipReason ?? "")}`.trimEnd() +
        "\n";
    case "failed":
      return `not ok ${id} - ${description}\n${yamlBlock(diagnostics(result))}`;
    case "interrupted":
      return `not ok ${id} - ${description} # interrupted\n${
        yamlBlock({
          message: result.failure?.message ?? "interrupted",
          severity: "interrupted",
          at: `${result.file}:${result.line}`,
          seed: result.seed,
          rerun: result.rerun,
          duration_ms: result.durationMs,
        })
      }`;
  }
}

function escapeDescription(text: string): string {
  return oneLine(text).replaceAll("\\", "\\\\").replaceAll("#", "\\#");
}

/** Joins lines with a space and makes control characters visible as `\xNN`. */
function oneLine(text: string): string {
  return visible(text.replace(/\s*[\r\n]+\s*/g, " ")).replaceAll("\t", " ");
}

function diagnostics(result: ScenarioResult): Record<string, unknown> {
  const failure = result.failure;
  const failed = result.checks.filter((p) => !p.ok);
  const diag: Record<string, unknown> = {
    message: failure?.message ?? `checks failed: ${failed.map((p) => p.name).join(", ")}`,
    severity: "fail",
    at: failure?.location ? formatLocation(failure.location) : `${result.file}:${result.line}`,
  };
  if (failure?.peer !== undefined) diag.peer = failure.peer;
  if (failure?.step !== undefined) diag.step = failure.step;
  if (failed.length > 0) diag.checks = failed.map((p) => `${p.name}: ${p.detail}`);
  if (failure?.expected !== undefined || failure?.received !== undefined) {
    diag.diff = formatDiff(failure.expected, failure.received) + "\n";
  }
  diag.seed = result.seed;
  diag.rerun = result.rerun;
  diag.duration_ms = result.durationMs;
  return diag;
}

function yamlBlock(data: Record<string, unknown>): string {
  const yaml = stringify(data, { lineWidth: 0 }).trimEnd();
  const body = yaml.split("\n").map((line) => (line === "" ? "" : `  ${line}`)).join("\n");
  return `  ---\n${body}\n  ...\n`;
}
