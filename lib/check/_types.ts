/** The shape of a check. @internal @module */
import type { DatagramCheckSummary, RecordEvent, StreamCheckSummary } from "../record/event.ts";
import type { CheckVerdict } from "../common/verdict.ts";

/** A count, or a fraction of what was sent. */
export type Bound = { count: number } | { fraction: number };

/**
 * Limits a scenario sets on a check: at most a bound (`max_loss`, or 0 for `lossless`), and
 * at least one (`min_loss`), so that a scenario about a fault can fail when the fault did not act.
 */
export type Limit = Bound & { atLeast?: Bound };

/** What a check gets: the check results of the record, by connection. */
export interface CheckInput {
  streams: { where: string; summary: StreamCheckSummary }[];
  datagrams: { where: string; summary: DatagramCheckSummary }[];
  events: readonly RecordEvent[];
}

/** A check that counts anomalies: reads the record, returns its verdict within a limit. */
export interface CountedCheck {
  (input: CheckInput, limit: Limit): CheckVerdict;
  /** The check's name in `check:` lists. */
  checkName: string;
  /** The key that sets its limit, such as `max_loss`; none for checks that allow no anomaly. */
  limitKey?: string;
  /** The key that sets its lower limit, such as `min_loss`; none for checks without one. */
  minimumKey?: string;
}

function amount(bound: Bound, total: number): number {
  return "count" in bound ? bound.count : bound.fraction * total;
}

/** Whether `found` is within `limit` of `total`: at most its bound, and at least `atLeast`. */
export function within(found: number, total: number, limit: Limit): boolean {
  return found <= amount(limit, total) &&
    (limit.atLeast === undefined || found >= amount(limit.atLeast, total));
}

function formatBound(bound: Bound): string {
  return "count" in bound ? String(bound.count) : `${+(bound.fraction * 100).toFixed(4)}%`;
}

/** `0`, `3`, `1%`, `at least 1` or `at least 19, at most 19` for reports. */
export function formatLimit(limit: Limit): string {
  if (limit.atLeast === undefined) return formatBound(limit);
  const most = "count" in limit && limit.count === Infinity
    ? ""
    : `, at most ${formatBound(limit)}`;
  return `at least ${formatBound(limit.atLeast)}${most}`;
}

/** A verdict for a check that had nothing to check: never a silent pass. */
export function nothingToCheck(name: string, what: string): CheckVerdict {
  return { name, ok: false, detail: `nothing to check: ${what}` };
}
