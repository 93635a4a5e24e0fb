/**
 * The console reporter: progress while the run goes, a line a scenario, a block a failure, and
 * the summary line.
 *
 * @module
 */
import { type Colors, createColors } from "./_ansi.ts";
import type { Reporter, ReporterOptions, RunStart } from "./reporter.ts";
import type { RunSummary, ScenarioResult } from "./result.ts";
import { createSink, type Sink, useColor } from "./_sink.ts";
import { formatDetails, formatScenarioLine } from "./_scenario_line.ts";
import { formatFailure } from "./failure_block.ts";
import { formatRunFooter, formatSummaryLine } from "./summary_line.ts";
import { visible } from "./_visible.ts";

/** Options of {@linkcode PrettyReporter}. */
export interface PrettyReporterOptions extends ReporterOptions {
  /**
   * Show a status line (done/total and the scenarios running) that redraws in place. When
   * unset, it is on only when the report goes to standard output and that is a terminal.
   *
   * @default {undefined}
   */
  progress?: boolean;
  /**
   * Width of the terminal, in characters; the status line is cut to fit. When unset, the
   * terminal's width, else 80.
   *
   * @default {undefined}
   */
  columns?: number;
}

/** Erases the current terminal line and puts the cursor at its start (ECMA-48 EL and CR). */
const ERASE_LINE = "\r\x1b[2K";

/**
 * Reports for people at a console.
 *
 * Prints `running N scenarios` at the start; a line a finished scenario (`✓`, `✗` or `-`, the
 * name, `[transport]`, the duration or the reason of a skip); at the end, a block for each
 * failure (see {@linkcode formatFailure}), then the summary line `N passed, N failed` (with
 * `, N skipped` when any were skipped) alone on its line, then `duration …, seed …`. On a
 * terminal, a status line at the bottom shows done/total and the scenarios running; elsewhere
 * nothing is redrawn.
 *
 * @example
 * ```ts
 * import { PrettyReporter } from "./pretty.ts";
 * let text = "";
 * const reporter = new PrettyReporter({ write: (t) => (text += t) });
 * reporter.start({ total: 0, seed: 1, concurrency: 1 });
 * await reporter.end({ passed: 0, failed: 0, skipped: 0, durationMs: 1, seed: 1, results: [] });
 * console.assert(text.includes("\n0 passed, 0 failed\n"));
 * ```
 */
export class PrettyReporter implements Reporter {
  readonly writesStdout: boolean;
  #sink: Sink;
  #c: Colors;
  #color: boolean;
  #verbose: boolean;
  #progress: boolean;
  #columns: number;
  #total = 0;
  #done = 0;
  #running = new Map<string, string>();
  #statusShown = false;
  #failures: ScenarioResult[] = [];

  constructor(options: PrettyReporterOptions = {}) {
    this.#sink = createSink(options);
    this.writesStdout = this.#sink.stdout;
    this.#color = useColor(this.#sink, options.color);
    this.#c = createColors(this.#color);
    this.#verbose = options.verbose ?? false;
    this.#progress = this.#sink.streaming && (options.progress ?? this.#sink.terminal);
    this.#columns = options.columns ?? terminalColumns();
  }

  start(info: RunStart): void {
    this.#total = info.total;
    const plural = info.total === 1 ? "scenario" : "scenarios";
    this.#sink.write(
      this.#c.dim(
        `running ${info.total} ${plural} (seed ${info.seed}, concurrency ${info.concurrency})`,
      ) + "\n",
    );
    this.#drawStatus();
  }

  begin(id: string, name: string, transport: string): void {
    this.#running.set(id, `${visible(name)} [${transport}]`);
    this.#drawStatus();
  }

  result(result: ScenarioResult): void {
    this.#done++;
    this.#running.delete(result.id);
    if (result.status === "failed") this.#failures.push(result);
    const lines = [formatScenarioLine(result, this.#c)];
    if (this.#verbose && result.status !== "skipped") {
      lines.push(...formatDetails(result, this.#c));
    }
    this.#print(lines.join("\n") + "\n");
    this.#drawStatus();
  }

  async end(summary: RunSummary): Promise<void> {
    this.#clearStatus();
    const parts: string[] = [];
    if (this.#failures.length > 0) {
      parts.push("", this.#c.bold(this.#c.red("failures:")));
      for (const failed of this.#failures) {
        parts.push("", formatFailure(failed, this.#failureOptions()));
      }
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

  #failureOptions() {
    return { color: this.#color, eventsLimit: this.#verbose ? Infinity : 20 };
  }

  #print(text: string): void {
    this.#clearStatus();
    this.#sink.write(text);
  }

  #clearStatus(): void {
    if (!this.#statusShown) return;
    this.#sink.write(ERASE_LINE);
    this.#statusShown = false;
  }

  #drawStatus(): void {
    if (!this.#progress) return;
    const running = [...this.#running.values()].join(", ");
    const plain = `${this.#done}/${this.#total} done` + (running ? `, running: ${running}` : "");
    const width = Math.max(10, this.#columns - 1);
    const cut = plain.length > width ? `${plain.slice(0, width - 1)}…` : plain;
    this.#sink.write(ERASE_LINE + this.#c.dim(cut));
    this.#statusShown = true;
  }
}

function terminalColumns(): number {
  const columns = Deno.stdout.isTerminal() ? Deno.consoleSize().columns : 0;
  return columns > 0 ? columns : 80; // a new pseudo-terminal may report 0 columns
}
