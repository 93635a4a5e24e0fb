/** Durations: parsed from scenario files and the command line, formatted for reports. @module */

const UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };
/** A duration written as text: a non-negative number and an optional unit (ms by default). */
export const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/;

/** Thrown when a duration is not a non-negative number with an optional unit. */
export class DurationSyntaxError extends Error {
  override name = "DurationSyntaxError";
}

/**
 * Parses a duration: a number of milliseconds, or a string such as `250ms`, `1.5s`, `2m`.
 *
 * @param value A non-negative number (ms) or a string with a unit `ms`, `s` or `m`.
 * @returns The duration in ms, rounded to a whole number.
 * @throws {DurationSyntaxError} When the value is negative, not finite, or has another unit.
 *
 * @example
 * ```ts
 * import { parseDurationMs } from "./duration.ts";
 * console.assert(parseDurationMs("1.5s") === 1500);
 * console.assert(parseDurationMs(200) === 200);
 * ```
 */
export function parseDurationMs(value: number | string): number {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) {
      throw new DurationSyntaxError(`expected a duration of 0 ms or more, found ${value}`);
    }
    return Math.round(value);
  }
  const match = DURATION.exec(value);
  if (!match) {
    throw new DurationSyntaxError(
      `expected a duration such as 500, "500ms", "2s" or "1m", found ${JSON.stringify(value)}`,
    );
  }
  return Math.round(Number(match[1]) * UNITS_MS[match[2] ?? "ms"]);
}

/**
 * Formats a duration given in ms for people: `0.4 ms`, `12 ms`, `3.2 s`, `2 min 5 s`; `? ms`
 * for a negative or non-finite value.
 */
export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "? ms";
  if (ms < 10) return `${Math.round(ms * 10) / 10} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
