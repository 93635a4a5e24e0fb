/**
 * The compact console reporter: a character a scenario, then the failures and the summary line.
 *
 * @module
 */
import { type Colors, createColors } from "./_ansi.ts";
import type { Reporter, ReporterOptions, RunStart } from "./reporter.ts";
import type { RunSummary, ScenarioResult } from "./result.ts";
import { createSink, type Sink, useColor } from "./_sink.ts";
import { formatFailure } from "./failure_block.ts";
import { formatRunFooter, formatSummaryLine } from "./summary_line.ts";

/** Characters a line before the dots wrap. */
const DOTS_PER_LINE = 80;

/**
 * Prints `.` for a passed scenario, `F` for a failed one, `s` for a skipped one and `!` for
 * one a signal interrupted, 80 a line;
 * at the end, the failure blocks of {@linkcode formatFailure}, the summary line
 * `N passed, N failed` (with `, N skipped` when any were skipped) alone on its line, then
 * `duration …, seed …`.
 *
 * @example
 * ```ts
 * import { DotReporter } from "./dot.ts";
 * let text = "";
 * const reporter = new DotReporter({ write: (t) => (text += t) });
 * reporter.start({ total: 0, seed: 1, concurrency: 1 });
 * await reporter.end({ passed: 0, failed: 0, skipped: 0, durationMs: 1, seed: 1, results: [] });
 * console.assert(text.includes("0 passed, 0 failed\n"));
 * ```
 */
export class DotReporter implements Reporter {
  readonly writesStdout: boolean;
  #sink: Sink;
  #color: boolean;
  #c: Colors;
  #verbose: boolean;
  #column = 0;
  #failures: ScenarioResult[] = [];

  constructor(options: ReporterOptions = {}) {
    this.#sink = createSink(options);
    this.writesStdout = this.#sink.stdout;
    this.#color = useColor(this.#sink, options.color);
    this.#c = createColors(this.#color);
    this.#verbose = options.verbose ?? false;
  }

  start(_info: RunStart): void {}

  result(result: ScenarioResult): void {
    if (result.status === "failed") this.#failures.push(result);
    const mark = result.status === "passed"
      ? this.#c.green(".")
      : result.status === "failed"
      ? this.#c.red("F")
      : result.status === "interrupted"
      ? this.#c.yellow("!")
      : this.#c.yellow("s");
    this.#column++;
    const wrap = this.#column % DOTS_PER_LINE === 0 ? "\n" : "";
    this.#sink.write(mark + wrap);
  }

  async end(summary: RunSummary): Promise<void> {
    const parts: string[] = [];
    if (this.#column % DOTS_PER_LINE !== 0) parts.push("");
    for (const failed of this.#failures) {
      parts.push(
        "",
        formatFailure(failed, { color: this.#color, eventsLimit: this.#verbose ? Infinity : 20 }),
      );
    }
    const line = formatSummaryLine(summary);
    parts.push(
      "",
      summary.failed > 0 || summary.interrupted ? this.#c.red(line) : this.#c.green(line),
    );
    parts.push(this.#c.dim(formatRunFooter(summary)));
    this.#sink.write(parts.join("\n") + "\n");
    await this.#sink.flush();
  }
}
