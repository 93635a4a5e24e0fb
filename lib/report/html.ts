/**
 * The HTML reporter: one self-contained page for the whole run, written at the end.
 *
 * @module
 */
import type { Reporter, ReporterOptions, RunStart } from "./reporter.ts";
import type { RunSummary, ScenarioResult } from "./result.ts";
import { createSink, type Sink } from "./_sink.ts";
import { renderReportPage } from "./html/page.ts";

/**
 * Events of the record kept in every result for the diagrams: the recorder's own bound, so a
 * passed run's diagram starts at its first connect like a failed one's.
 */
export const HTML_KEEP_EVENTS = 20_000;

/**
 * Writes one HTML page at the end of the run (see `renderReportPage` in html/page.ts): every run
 * with status, time, transport, tags, file:line and rerun command, filterable by status and tag,
 * failed runs first, each with a sequence diagram of its record. It asks the runner to keep the
 * events of passed runs too ({@linkcode HTML_KEEP_EVENTS}).
 *
 * @example
 * ```ts
 * import { HtmlReporter } from "./html.ts";
 * let text = "";
 * const reporter = new HtmlReporter({ write: (t) => (text += t) });
 * reporter.start({ total: 0, seed: 9, concurrency: 1 });
 * await reporter.end({ passed: 0, failed: 0, skipped: 0, durationMs: 1, seed: 9, results: [] });
 * console.assert(text.includes("seed 9"));
 * ```
 */
export class HtmlReporter implements Reporter {
  readonly writesStdout: boolean;
  readonly keepEvents = HTML_KEEP_EVENTS;
  #sink: Sink;

  constructor(options: ReporterOptions = {}) {
    this.#sink = createSink(options);
    this.writesStdout = this.#sink.stdout;
  }

  start(_info: RunStart): void {}

  result(_result: ScenarioResult): void {}

  async end(summary: RunSummary): Promise<void> {
    this.#sink.write(renderReportPage(summary));
    await this.#sink.flush();
  }
}
