/** The shape of a check. @internal @module */
import type { DatagramCheckSummary, RecordEvent, StreamCheckSummary } from "../record/event.ts";
import type { CheckVerdict } from "../common/verdict.ts";

/** Limits a scenario sets on a check: a count, or a fraction of what was sent. */
export type Limit = { count: number } | { fraction: number };

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
}

/** Whether `found` is within `limit` of `total`. */
export function within(found: number, total: number, limit: Limit): boolean {
  return "count" in limit ? found <= limit.count : found <= limit.fraction * total;
}

/** `0`, `3`, or `1%` for reports. */
export function formatLimit(limit: Limit): string {
  return "count" in limit ? String(limit.count) : `${+(limit.fraction * 100).toFixed(4)}%`;
}

/** A verdict for a check that had nothing to check: never a silent pass. */
export function nothingToCheck(name: string, what: string): CheckVerdict {
  return { name, ok: false, detail: `nothing to check: ${what}` };
}
