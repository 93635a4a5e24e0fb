/**
 * Latency budgets of a load test (`--load-budget p99=5ms`): a percentile and the most it may
 * be, checked against a result so that CI can gate a merge on it.
 *
 * @module
 */
import { formatMicros, type LatencyPercentiles, PERCENTILES } from "./load_histogram.ts";

/** One budget: a percentile ("99.9", or "100" for max) and its bound in µs. */
export interface LatencyBudget {
  /** As written: `p99`, `p99.9`, `max`. */
  label: string;
  /** The percentile as a key of `LatencyPercentiles.percentiles`: "99", "99.9", "100" (max). */
  percentile: string;
  /** The most the percentile may be, µs. */
  maxMicros: number;
}

/** A budget as checked. */
export interface BudgetVerdict extends LatencyBudget {
  /** The percentile as measured, µs. */
  measuredMicros: number;
  /** Samples measured; a budget over no samples is not met. */
  count: number;
  /** Whether the measured value is within the budget. */
  ok: boolean;
}

/** Thrown for a budget that cannot be read; the message says what was expected. */
export class BudgetSyntaxError extends Error {
  override name = "BudgetSyntaxError";
}

const UNIT_MICROS: Record<string, number> = { us: 1, "µs": 1, ms: 1000, s: 1e6 };
const BUDGET = /^(p\d+(?:\.\d+)?|max)\s*(?:=|<=)\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s)$/;

/**
 * Parses budgets such as `p99=5ms`, `p50<=800us,max=50ms` (comma-separated).
 *
 * @throws {BudgetSyntaxError} For another form or a percentile the report does not hold.
 */
export function parseBudgets(text: string): LatencyBudget[] {
  return text.split(",").map((part) => {
    const match = BUDGET.exec(part.trim());
    if (!match) {
      throw new BudgetSyntaxError(
        `expected PERCENTILE=DURATION such as p99=5ms, p99.9=20ms or max=100ms, found ${
          JSON.stringify(part)
        }`,
      );
    }
    const percentile = match[1] === "max" ? "100" : String(Number(match[1].slice(1)));
    if (!PERCENTILES.map(String).includes(percentile)) {
      throw new BudgetSyntaxError(
        `expected one of ${PERCENTILES.map((p) => p === 100 ? "max" : `p${p}`).join(", ")}, found ${
          match[1]
        }`,
      );
    }
    return {
      label: match[1],
      percentile,
      maxMicros: Number(match[2]) * UNIT_MICROS[match[3]],
    };
  });
}

/** Checks each budget against a measured distribution. */
export function checkBudgets(
  budgets: readonly LatencyBudget[],
  latency: LatencyPercentiles,
): BudgetVerdict[] {
  return budgets.map((budget) => {
    const measuredMicros = latency.percentiles[budget.percentile];
    return {
      ...budget,
      measuredMicros,
      count: latency.count,
      ok: latency.count > 0 && measuredMicros <= budget.maxMicros,
    };
  });
}

/** One line a verdict: `budget p99 <= 5.00 ms: measured 7.21 ms, over`. */
export function formatBudget(verdict: BudgetVerdict): string {
  if (verdict.count === 0) {
    return `budget ${verdict.label} <= ${formatMicros(verdict.maxMicros)}: nothing was measured`;
  }
  return `budget ${verdict.label} <= ${formatMicros(verdict.maxMicros)}: measured ${
    formatMicros(verdict.measuredMicros)
  }, ${verdict.ok ? "met" : "over budget"}`;
}
