/**
 * Latency histograms of a load test: per-request (or per-round) latencies in ns, recorded per
 * 1 s interval and in total, added exactly across connections, workers and machines, and
 * printed as wrk2 and HdrHistogram print them.
 *
 * @module
 */
import * as hdr from "../_deps/hdr_histogram.ts";
import {
  createLatencyHistogram,
  decodeHistogram,
  encodeHistogram,
  HIGHEST_TRACKABLE_NANOS,
  type LatencyHistogram,
  type LatencyPercentiles,
  recordLatencyMs,
} from "../common/histogram.ts";

export { createLatencyHistogram, decodeHistogram, encodeHistogram, recordLatencyMs };
export type { LatencyHistogram, LatencyPercentiles };

/** Length of one interval of the time series, in ms. */
export const INTERVAL_MS = 1000;

/** Percentiles of the console table and of the JSON summaries (wrk2 `--latency` prints these). */
export const PERCENTILES = [50, 75, 90, 99, 99.9, 99.99, 99.999, 100] as const;

/** Creates the sparse histogram an interval records into (memory grows with what it holds). */
export function createIntervalHistogram(): LatencyHistogram {
  return hdr.build({
    bitBucketSize: "packed",
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_NANOS,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

/** Reads an interval histogram written by {@linkcode encodeHistogram}. */
export function decodeIntervalHistogram(base64: string): LatencyHistogram {
  return hdr.decodeFromCompressedBase64(base64, "packed", false);
}

/**
 * The figures of a histogram of ns, in µs, at the histogram's resolution (3 significant
 * digits). An empty histogram gives count 0 and zeros.
 *
 * @example
 * ```ts
 * import { createLatencyHistogram, latencyPercentiles, recordLatencyMs } from "./load_histogram.ts";
 * const h = createLatencyHistogram();
 * recordLatencyMs(h, 0.25);
 * latencyPercentiles(h).percentiles["50"]; // 250 (within 0.1 %)
 * ```
 */
export function latencyPercentiles(histogram: LatencyHistogram): LatencyPercentiles {
  const count = histogram.totalCount;
  const micros = (nanos: number) => count === 0 ? 0 : nanos / 1000;
  return {
    count,
    // Min and max as the buckets keep them (the lowest value of the min's bucket, the highest of
    // the max's): a decoded or merged histogram gives the same figures as the one that recorded
    // the samples, and no percentile exceeds the max.
    minMicros: micros(histogram.getValueAtPercentile(0)),
    meanMicros: micros(histogram.mean),
    stdevMicros: micros(histogram.stdDeviation),
    maxMicros: micros(histogram.getValueAtPercentile(100)),
    percentiles: Object.fromEntries(
      PERCENTILES.map((p) => [String(p), micros(histogram.getValueAtPercentile(p))]),
    ),
  };
}

/** A duration in µs with 3 significant digits and a unit: `98.3 µs`, `1.06 ms`, `2.10 s`. */
export function formatMicros(micros: number): string {
  const [value, unit] = micros >= 1e6
    ? [micros / 1e6, "s"]
    : micros >= 1000
    ? [micros / 1000, "ms"]
    : [micros, "µs"];
  return `${value.toPrecision(3)} ${unit}`;
}

/**
 * The distribution as wrk2 `--latency` prints it: one line a percentile, from the minimum to
 * the maximum, then mean, standard deviation and count.
 */
export function formatLatencyTable(summary: LatencyPercentiles, indent = "  "): string {
  const rows = [`${indent}${"min".padStart(8)}  ${formatMicros(summary.minMicros)}`];
  for (const p of PERCENTILES) {
    rows.push(
      `${indent}${`${p.toFixed(3)}%`.padStart(8)}  ${formatMicros(summary.percentiles[String(p)])}`,
    );
  }
  rows.push(
    `${indent}mean ${formatMicros(summary.meanMicros)}, stdev ${
      formatMicros(summary.stdevMicros)
    }, ${summary.count} samples`,
  );
  return `${rows.join("\n")}\n`;
}

/**
 * The histogram in HdrHistogram's percentile-distribution text format (`.hgrm`: Value,
 * Percentile, TotalCount, 1/(1-Percentile)), values in ms, as HdrHistogram's plotter and wrk2
 * users read it.
 */
export function formatHgrm(histogram: LatencyHistogram): string {
  return histogram.outputPercentileDistribution(5, 1e6);
}

/** Counts of one interval, and its latencies. */
export interface IntervalCounts {
  /** Requests (or rounds) that succeeded. */
  completed: number;
  errors: number;
  histogram: LatencyHistogram;
}

/**
 * Records latencies and errors per {@linkcode INTERVAL_MS} from a start on the wall clock shared
 * by all workers (`performance.timeOrigin + performance.now()`). Each interval records into a
 * flat histogram (fast to record into, about 110 KB each); the total is their sum.
 */
export class IntervalRecorder {
  readonly intervals: IntervalCounts[] = [];
  errors = 0;
  /** The start on this thread's `performance.now()` clock. */
  readonly #startMs: number;
  #current?: IntervalCounts;
  #currentEndMs = -Infinity;
  #currentStartMs = Infinity;

  /** @param startAbsMs The load's start, in ms since the epoch (`performance.timeOrigin` clock). */
  constructor(startAbsMs: number) {
    this.#startMs = startAbsMs - performance.timeOrigin;
  }

  #at(nowMs: number): IntervalCounts {
    if (nowMs < this.#currentEndMs && nowMs >= this.#currentStartMs) return this.#current!;
    const index = Math.max(0, Math.floor((nowMs - this.#startMs) / INTERVAL_MS));
    while (this.intervals.length <= index) {
      this.intervals.push({ completed: 0, errors: 0, histogram: createLatencyHistogram() });
    }
    this.#current = this.intervals[index];
    this.#currentStartMs = index === 0 ? -Infinity : this.#startMs + index * INTERVAL_MS;
    this.#currentEndMs = this.#startMs + (index + 1) * INTERVAL_MS;
    return this.#current;
  }

  /** Records one success that ended at `endMs` and took `latencyMs` (`performance.now()` clock). */
  record(endMs: number, latencyMs: number): void {
    const interval = this.#at(endMs);
    interval.completed++;
    recordLatencyMs(interval.histogram, latencyMs);
  }

  /** Records one failure at `nowMs`. */
  fail(nowMs: number): void {
    this.#at(nowMs).errors++;
    this.errors++;
  }

  /** Successes recorded in all. */
  get completed(): number {
    return this.intervals.reduce((n, i) => n + i.completed, 0);
  }

  /** The sum of the intervals' histograms. */
  total(): LatencyHistogram {
    const total = createLatencyHistogram();
    for (const interval of this.intervals) total.add(interval.histogram);
    return total;
  }
}
