/** The shape of a property check. @internal @module */
import type { DatagramCheckSummary, RecordEvent, StreamCheckSummary } from "../record/event.ts";
import type { PropertyVerdict } from "../report/result.ts";

/** A count, or a fraction of what was sent. */
export type Bound = { count: number } | { fraction: number };

/**
 * Limits a scenario sets on a property: at most a bound (`max_loss`, or 0 for `lossless`), and
 * at least one (`min_loss`), so that a scenario about a fault can fail when the fault did not act.
 */
export type Limit = Bound & { atLeast?: Bound };

/** What a property check gets: the check results of the record, by connection. */
export interface CheckInput {
  streams: { where: string; summary: StreamCheckSummary }[];
  datagrams: { where: string; summary: DatagramCheckSummary }[];
  events: readonly RecordEvent[];
}

/** A property check: reads the record, returns its verdict. */
export type Property = (input: CheckInput, limit: Limit) => PropertyVerdict;

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

/** A verdict for a property that had nothing to check: never a silent pass. */
export function nothingToCheck(name: string, what: string): PropertyVerdict {
  return { name, ok: false, detail: `nothing to check: ${what}` };
}
