/** Run-to-run spread of a figure. @module */

/** Min, max, mean, median and sample standard deviation of repeated measurements. */
export interface Spread {
  runs: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  /** Sample standard deviation (n - 1), 0 for a single run. */
  stdev: number;
  /** stdev / mean, 0 when the mean is 0. */
  relativeStdev: number;
}

/**
 * Spread of the given values.
 *
 * @throws {RangeError} if `values` is empty.
 */
export function spreadOf(values: readonly number[]): Spread {
  if (values.length === 0) throw new RangeError("Expected at least one value, found none");
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = sorted.reduce((sum, v) => sum + v, 0) / n;
  const median = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  const variance = n > 1 ? sorted.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1) : 0;
  const stdev = Math.sqrt(variance);
  return {
    runs: n,
    min: sorted[0],
    max: sorted[n - 1],
    mean,
    median,
    stdev,
    relativeStdev: mean === 0 ? 0 : stdev / mean,
  };
}
