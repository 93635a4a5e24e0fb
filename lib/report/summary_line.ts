/**
 * The closing lines of a run, shared by the console reporters.
 *
 * @module
 */
import type { RunSummary } from "./result.ts";
import { formatDurationMs } from "../common/duration.ts";

/**
 * The summary line: `N passed, N failed`, with `, N skipped` appended only when scenarios were
 * skipped and `, N interrupted` only when a signal stopped runs. Reporters print it alone on its line so that it can be found with
 * `grep -E '^[0-9]+ passed, [0-9]+ failed'`.
 *
 * @example
 * ```ts
 * import { formatSummaryLine } from "./summary_line.ts";
 * const line = formatSummaryLine({ passed: 12, failed: 1, skipped: 0 });
 * console.assert(line === "12 passed, 1 failed");
 * ```
 */
export function formatSummaryLine(
  summary: Pick<RunSummary, "passed" | "failed" | "skipped" | "interrupted">,
): string {
  let line = `${summary.passed} passed, ${summary.failed} failed`;
  if (summary.skipped > 0) line += `, ${summary.skipped} skipped`;
  if (summary.interrupted) line += `, ${summary.interrupted} interrupted`;
  return line;
}

/**
 * The line after the summary line: how long the run took and its seed.
 *
 * @example
 * ```ts
 * import { formatRunFooter } from "./summary_line.ts";
 * console.assert(formatRunFooter({ durationMs: 3210, seed: 7 }) === "duration 3.2 s, seed 7");
 * ```
 */
export function formatRunFooter(
  summary: Pick<RunSummary, "durationMs" | "seed" | "interruption">,
): string {
  const footer = `duration ${formatDurationMs(summary.durationMs)}, seed ${summary.seed}`;
  const stop = summary.interruption;
  if (!stop) return footer;
  return `${footer}; interrupted by ${stop.signal}, ${stop.notStarted} not started`;
}
