/**
 * The GitHub Actions reporter: workflow annotations for failures and a job summary.
 *
 * @module
 */
import type { Reporter, ReporterOptions, RunStart } from "./reporter.ts";
import type { RunSummary, ScenarioResult } from "./result.ts";
import { createSink, type Sink } from "./_sink.ts";
import { formatFailure } from "./failure_block.ts";
import { formatRunFooter, formatSummaryLine } from "./summary_line.ts";
import { repositoryPath } from "./_repository_path.ts";

/** Options of {@linkcode GithubReporter}. */
export interface GithubReporterOptions extends ReporterOptions {
  /**
   * File to append the job summary (Markdown) to. Unset: `GITHUB_STEP_SUMMARY` from the
   * environment, where GitHub Actions sets it; no summary when that is unset or cannot be read.
   *
   * @default {undefined}
   */
  summaryFile?: string;
}

/**
 * Escapes the message of a workflow command: `%`, CR and LF (GitHub's `escapeData`).
 *
 * @example
 * ```ts
 * import { escapeData } from "./github.ts";
 * console.assert(escapeData("100%\nok") === "100%25%0Aok");
 * ```
 */
export function escapeData(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

/**
 * Escapes a property value of a workflow command: as {@linkcode escapeData}, and `:` and `,`,
 * which end a property (GitHub's `escapeProperty`).
 *
 * @example
 * ```ts
 * import { escapeProperty } from "./github.ts";
 * console.assert(escapeProperty("a, b: c") === "a%2C b%3A c");
 * ```
 */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

/**
 * The `::error` workflow command of a failed result, one line ending with a newline: at the
 * failed step's `file:line:col` (the scenario's line when no step failed), titled with the
 * scenario and transport; the message is the failure, the step and the rerun command.
 *
 * @example
 * ```ts
 * import { formatAnnotation } from "./github.ts";
 * const line = formatAnnotation({
 *   id: "a.yaml#x[tcp]", name: "x", file: "a.yaml", line: 2, transport: "tcp", tags: [],
 *   status: "failed", durationMs: 3, seed: 7, checks: [], notes: [], events: [],
 *   failure: { message: "EOF after 0 of 6 expected bytes" },
 *   rerun: "deno task scenarios a.yaml --seed 7",
 * });
 * console.assert(line.startsWith("::error file=a.yaml,line=2,col=1,title=x [tcp]::EOF after"));
 * ```
 */
export function formatAnnotation(result: ScenarioResult): string {
  const failure = result.failure;
  const at = failure?.location;
  const properties = [
    `file=${escapeProperty(repositoryPath(at?.file ?? result.file))}`,
    `line=${at?.line ?? result.line}`,
    `col=${at?.column ?? 1}`,
    `title=${escapeProperty(`${result.name} [${result.transport}]`)}`,
  ];
  const failed = result.checks.filter((p) => !p.ok).map((p) => `${p.name}: ${p.detail}`);
  const lines = [
    failure?.message ?? `checks failed: ${failed.join("; ")}`,
    ...(failure?.step !== undefined ? [`at ${failure.peer ?? "peer"}, step ${failure.step}`] : []),
    ...(failure !== undefined ? failed : []),
    `rerun: ${result.rerun}`,
  ];
  return `::error ${properties.join(",")}::${escapeData(lines.join("\n"))}\n`;
}

/** Text of a Markdown table cell: one line, `|` escaped. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replaceAll("|", "\\|");
}

/** A fence longer than any run of backticks in `text`. */
function fence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return "`".repeat(Math.max(3, longest + 1));
}

function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/**
 * The job summary of a run in GitHub-flavoured Markdown: the summary line, a table of failed
 * and skipped scenarios, and each failure's block in a collapsed section.
 *
 * @example
 * ```ts
 * import { formatJobSummary } from "./github.ts";
 * const text = formatJobSummary({
 *   passed: 2, failed: 0, skipped: 0, durationMs: 1200, seed: 7, results: [],
 * });
 * console.assert(text.startsWith("### sockspec: 2 passed, 0 failed"));
 * ```
 */
export function formatJobSummary(summary: RunSummary): string {
  const lines = [
    `### sockspec: ${formatSummaryLine(summary)}`,
    "",
    formatRunFooter(summary),
    "",
  ];
  const listed = summary.results.filter((r) => r.status !== "passed");
  if (listed.length > 0) {
    lines.push("| | scenario | transport | where | why |", "| - | - | - | - | - |");
    for (const r of listed) {
      const at = r.failure?.location;
      const where = `${repositoryPath(at?.file ?? r.file)}:${at?.line ?? r.line}`;
      const why = r.status === "failed"
        ? r.failure?.message ?? "checks failed"
        : r.skipReason ?? "skipped";
      lines.push(
        `| ${r.status === "failed" ? "❌" : "⏭️"} | ${cell(r.name)} | ${r.transport} | \`${
          cell(where)
        }\` | ${cell(why)} |`,
      );
    }
    lines.push("");
  }
  for (const r of summary.results.filter((r) => r.status === "failed")) {
    const block = formatFailure(r, { color: false, indent: 0 });
    const marks = fence(block);
    lines.push(
      `<details><summary>${escapeHtml(`${r.name} [${r.transport}]`)}</summary>`,
      "",
      `${marks}text`,
      block,
      marks,
      "",
      "</details>",
      "",
    );
  }
  return lines.join("\n");
}

function defaultSummaryFile(): string | undefined {
  try {
    return Deno.env.get("GITHUB_STEP_SUMMARY") || undefined;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotCapable)) throw error;
    return undefined;
  }
}

function stderrSink(): Sink {
  const encoder = new TextEncoder();
  return {
    stdout: false,
    terminal: false,
    streaming: true,
    write(text) {
      const bytes = encoder.encode(text);
      let done = 0;
      while (done < bytes.length) done += Deno.stderr.writeSync(bytes.subarray(done));
    },
    flush: () => Promise.resolve(),
  };
}

/**
 * Writes a GitHub Actions `::error` workflow command for each failed scenario as it finishes,
 * and appends a Markdown job summary to `GITHUB_STEP_SUMMARY` at the end.
 *
 * The commands go to standard error unless an output file or `write` is given: the runner reads
 * workflow commands from both streams, line by line, so they stay whole lines next to a console
 * reporter on standard output (`--reporter dot --reporter github`).
 *
 * @example
 * ```ts
 * import { GithubReporter } from "./github.ts";
 * let text = "";
 * const reporter = new GithubReporter({ write: (t) => (text += t), summaryFile: "" });
 * reporter.start({ total: 0, seed: 1, concurrency: 1 });
 * await reporter.end({ passed: 0, failed: 0, skipped: 0, durationMs: 1, seed: 1, results: [] });
 * console.assert(text === "");
 * ```
 */
export class GithubReporter implements Reporter {
  /** False: annotations go to standard error (or a file), never to standard output. */
  readonly writesStdout = false;
  #sink: Sink;
  #summaryFile?: string;

  constructor(options: GithubReporterOptions = {}) {
    const { summaryFile, ...sinkOptions } = options;
    this.#sink = sinkOptions.output !== undefined || sinkOptions.write !== undefined
      ? createSink(sinkOptions)
      : stderrSink();
    this.#summaryFile = summaryFile ?? defaultSummaryFile();
  }

  /** Writes nothing: annotations come with results. */
  start(_info: RunStart): void {}

  /** Writes the `::error` command of a failed result. */
  result(result: ScenarioResult): void {
    if (result.status === "failed") this.#sink.write(formatAnnotation(result));
  }

  /** Flushes an output file and appends the job summary, if there is a summary file. */
  async end(summary: RunSummary): Promise<void> {
    await this.#sink.flush();
    if (!this.#summaryFile) return;
    try {
      await Deno.writeTextFile(this.#summaryFile, formatJobSummary(summary), { append: true });
    } catch (error) {
      // The job summary is a convenience: the run's verdict and annotations stand without it.
      this.#sink.write(
        `::warning title=sockspec job summary::${
          escapeData(`cannot append to ${this.#summaryFile}: ${(error as Error).message}`)
        }\n`,
      );
      await this.#sink.flush();
    }
  }
}
