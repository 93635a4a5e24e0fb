/** Parses durations written in scenario files. @module */

const UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/**
 * Longest duration a timer can wait, in ms (2^31-1, about 24.8 days): setTimeout fires at once,
 * with a TimeoutOverflowWarning, for anything longer.
 */
export const MAX_DURATION_MS = 2 ** 31 - 1;
const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/;

/** Thrown when a duration is not a non-negative number with an optional unit. */
export class DurationSyntaxError extends Error {
  override name = "DurationSyntaxError";
}

/**
 * Parses a duration: a number of milliseconds, or a string such as `250ms`, `1.5s`, `2m`.
 *
 * @param value A non-negative number (ms) or a string with a unit `ms`, `s` or `m`.
 * @returns The duration in ms, rounded to a whole number.
 * @throws {DurationSyntaxError} When the value is negative, not finite, above
 *   {@linkcode MAX_DURATION_MS}, or has another unit.
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
    return timeable(Math.round(value), String(value));
  }
  const match = DURATION.exec(value);
  if (!match) {
    throw new DurationSyntaxError(
      `expected a duration such as 500, "500ms", "2s" or "1m", found ${JSON.stringify(value)}`,
    );
  }
  return timeable(Math.round(Number(match[1]) * UNITS_MS[match[2] ?? "ms"]), JSON.stringify(value));
}

function timeable(ms: number, written: string): number {
  if (ms > MAX_DURATION_MS) {
    throw new DurationSyntaxError(
      `expected a duration of at most ${MAX_DURATION_MS} ms (about 24.8 days, the longest a ` +
        `timer can wait), found ${written}`,
    );
  }
  return ms;
}

/** Formats a duration in ms for reports: `850 ms`, `1.2 s`. */
export function formatDurationMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
