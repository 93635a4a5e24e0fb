/**
 * The JSON reporter: one document for the whole run, written at the end.
 *
 * @module
 */
import type { Reporter, ReporterOptions, RunStart } from "./reporter.ts";
import type { RunSummary, ScenarioResult } from "./result.ts";
import { createSink, type Sink } from "./_sink.ts";
import { bytesToHex } from "./_hex.ts";

/** Bytes in a JSON report: lowercase hex, and the bytes decoded as UTF-8 (lossy) for reading. */
export interface JsonBytes {
  hex: string;
  text: string;
}

/** The document the JSON reporter writes. `Uint8Array` fields appear as {@linkcode JsonBytes}. */
export interface JsonReport {
  version: 1;
  seed: number;
  /** Scenarios that may run at once, when the run said. */
  concurrency?: number;
  summary: {
    total: number;
    passed: number;
    failed: number;
    skipped: number;
    /** Runs a signal stopped (present only when there was an interruption). */
    interrupted?: number;
  };
  /** Set when a signal stopped the run: its name and the runs that never started. */
  interruption?: { signal: string; notStarted: number };
  durationMs: number;
  results: unknown[];
}

/**
 * Writes one JSON document at the end of the run:
 * `{version: 1, seed, concurrency, summary: {total, passed, failed, skipped}, durationMs,
 * results}`, where `results` are the {@linkcode ScenarioResult}s of the summary, events
 * included, with every `Uint8Array` (expected and received bytes) as `{hex, text}`.
 *
 * @example
 * ```ts
 * import { JsonReporter } from "./json.ts";
 * let text = "";
 * const reporter = new JsonReporter({ write: (t) => (text += t) });
 * reporter.start({ total: 0, seed: 9, concurrency: 1 });
 * await reporter.end({ passed: 0, failed: 0, skipped: 0, durationMs: 1, seed: 9, results: [] });
 * console.assert(JSON.parse(text).seed === 9);
 * ```
 */
export class JsonReporter implements Reporter {
  readonly writesStdout: boolean;
  #sink: Sink;
  #concurrency: number | undefined;

  constructor(options: ReporterOptions = {}) {
    this.#sink = createSink(options);
    this.writesStdout = this.#sink.stdout;
  }

  start(info: RunStart): void {
    this.#concurrency = info.concurrency;
  }

  result(_result: ScenarioResult): void {}

  async end(summary: RunSummary): Promise<void> {
    this.#sink.write(JSON.stringify(toJsonReport(summary, this.#concurrency), replacer, 2) + "\n");
    await this.#sink.flush();
  }
}

/** The JSON document for a run (before `Uint8Array`s are encoded by `JSON.stringify`). */
export function toJsonReport(summary: RunSummary, concurrency?: number): JsonReport {
  return {
    version: 1,
    seed: summary.seed,
    ...(concurrency !== undefined ? { concurrency } : {}),
    summary: {
      total: summary.passed + summary.failed + summary.skipped + (summary.interrupted ?? 0),
      passed: summary.passed,
      failed: summary.failed,
      skipped: summary.skipped,
      ...(summary.interruption ? { interrupted: summary.interrupted ?? 0 } : {}),
    },
    ...(summary.interruption ? { interruption: summary.interruption } : {}),
    durationMs: summary.durationMs,
    results: summary.results,
  };
}

const decoder = new TextDecoder();

/** `JSON.stringify` replacer: `Uint8Array` to {@linkcode JsonBytes}. */
export function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) {
    return { hex: bytesToHex(value), text: decoder.decode(value) } satisfies JsonBytes;
  }
  return value;
}
