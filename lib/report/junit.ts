/**
 * The JUnit XML reporter, for CI systems that read test results.
 *
 * @module
 */
import type { Reporter, ReporterOptions, RunStart } from "./reporter.ts";
import type { RunSummary, ScenarioResult } from "./result.ts";
import { createSink, type Sink } from "./_sink.ts";
import { formatFailure } from "./failure_block.ts";
import { escapeXmlAttribute as attr, escapeXmlText as text } from "./_xml.ts";
import { repositoryPath } from "./_repository_path.ts";

/**
 * Writes a JUnit XML document at the end of the run, in the shape Jenkins, GitLab, GitHub
 * actions and the Ant/Maven Surefire readers accept:
 *
 * `<testsuites>` holds a `<testsuite name=FILE>` for each scenario file (in the order files first
 * finished), which holds a `<testcase name="NAME [TRANSPORT]" classname=FILE file=FILE
 * line=LINE time=SECONDS>` for each result. FILE is relative to the working directory (the
 * repository root when CI runs sockspec there), so that CI links a case to its file; LINE is the
 * line of the scenario's `name`, or of the failed step. A failed case holds `<failure message=… type=…>` whose body is the failure block
 * (step, `file:line:col`, hex and text diff, failed properties, events, seed, rerun command); a
 * skipped case holds `<skipped message=REASON/>`; a case a signal stopped holds
 * `<error message="interrupted by SIGINT" type="Interrupted"/>`; notes and check verdicts go to
 * `<system-out>`. The run's seed is a `<property name="seed">` of every suite.
 *
 * Characters that XML 1.0 does not allow are replaced with `\xNN` or `\uNNNN`.
 *
 * @example
 * ```ts
 * import { JunitReporter } from "./junit.ts";
 * let xml = "";
 * const reporter = new JunitReporter({ write: (t) => (xml += t) });
 * reporter.start({ total: 0, seed: 1, concurrency: 1 });
 * await reporter.end({ passed: 0, failed: 0, skipped: 0, durationMs: 1, seed: 1, results: [] });
 * console.assert(xml.includes('<testsuites name="sockspec" tests="0"'));
 * ```
 */
export class JunitReporter implements Reporter {
  readonly writesStdout: boolean;
  #sink: Sink;

  constructor(options: ReporterOptions = {}) {
    this.#sink = createSink(options);
    this.writesStdout = this.#sink.stdout;
  }

  start(_info: RunStart): void {}

  result(_result: ScenarioResult): void {}

  async end(summary: RunSummary): Promise<void> {
    this.#sink.write(formatJunit(summary));
    await this.#sink.flush();
  }
}

/** The JUnit XML document of a run, ending with a newline. */
export function formatJunit(summary: RunSummary): string {
  const suites = groupByFile(summary.results);
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="sockspec"${counts(summary.results)} time="${seconds(summary.durationMs)}">`,
    ...[...suites].flatMap(([file, results]) => suiteLines(file, results, summary.seed)),
    `</testsuites>`,
  ];
  return lines.join("\n") + "\n";
}

function groupByFile(results: readonly ScenarioResult[]): Map<string, ScenarioResult[]> {
  const suites = new Map<string, ScenarioResult[]>();
  for (const result of results) {
    const file = repositoryPath(result.file);
    const suite = suites.get(file);
    if (suite) suite.push(result);
    else suites.set(file, [result]);
  }
  return suites;
}

function counts(results: readonly ScenarioResult[]): string {
  const failures = results.filter((r) => r.status === "failed").length;
  const skipped = results.filter((r) => r.status === "skipped").length;
  const errors = results.filter((r) => r.status === "interrupted").length;
  return ` tests="${results.length}" failures="${failures}" errors="${errors}" skipped="${skipped}"`;
}

function suiteLines(file: string, results: ScenarioResult[], seed: number): string[] {
  const timeMs = results.reduce((sum, r) => sum + r.durationMs, 0);
  return [
    `  <testsuite name="${attr(file)}"${counts(results)} time="${seconds(timeMs)}">`,
    `    <properties>`,
    `      <property name="seed" value="${seed}"/>`,
    `    </properties>`,
    ...results.flatMap(caseLines),
    `  </testsuite>`,
  ];
}

function caseLines(result: ScenarioResult): string[] {
  const file = attr(repositoryPath(result.file));
  const line = result.failure?.location?.line ?? result.line;
  const open = `    <testcase name="${
    attr(`${result.name} [${result.transport}]`)
  }" classname="${file}" file="${file}" line="${line}" time="${seconds(result.durationMs)}"`;
  const children = [...outcomeLines(result), ...systemOutLines(result)];
  return children.length === 0 ? [`${open}/>`] : [`${open}>`, ...children, `    </testcase>`];
}

function outcomeLines(result: ScenarioResult): string[] {
  if (result.status === "skipped") {
    return [`      <skipped message="${attr(result.skipReason ?? "skipped")}"/>`];
  }
  if (result.status === "interrupted") {
    return [
      `      <error message="${
        attr(result.failure?.message ?? "interrupted")
      }" type="Interrupted"/>`,
    ];
  }
  if (result.status !== "failed") return [];
  const message = result.failure?.message ?? "checks failed";
  const body = formatFailure(result, { color: false, indent: 0 });
  return [
    `      <failure message="${attr(message)}" type="${failureType(result)}">${
      text(body)
    }</failure>`,
  ];
}

/** `StepFailure` when a step failed, `CheckFailure` when only properties did. */
function failureType(result: ScenarioResult): string {
  if (result.failure?.step !== undefined) return "StepFailure";
  if (result.checks.some((p) => !p.ok)) return "CheckFailure";
  return "ScenarioFailure";
}

function systemOutLines(result: ScenarioResult): string[] {
  const lines = [
    ...result.notes,
    ...result.checks.map((p) => `${p.ok ? "✓" : "✗"} ${p.name}: ${p.detail}`),
  ];
  if (lines.length === 0) return [];
  return [`      <system-out>${text(lines.join("\n"))}</system-out>`];
}

function seconds(ms: number): string {
  return Number.isFinite(ms) && ms > 0 ? (ms / 1000).toFixed(3) : "0.000";
}
