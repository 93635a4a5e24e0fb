/**
 * Latency histograms: HDR histograms (hdr-histogram-js) of round-trip times recorded in
 * nanoseconds, and their summaries in µs.
 *
 * @module
 */
import * as hdr from "../_deps/hdr_histogram.ts";

/** An HDR histogram of latencies in nanoseconds. */
export type LatencyHistogram = hdr.Histogram;

/** Highest latency a histogram tracks, in ns (60 s); larger values are clamped to it. */
export const HIGHEST_TRACKABLE_NANOS = 60e9;

/**
 * Creates a histogram for latencies in nanoseconds, 1 ns to 60 s, with 3 significant digits
 * (values are exact to 0.1 %). `"packed"` buckets take memory only for the values recorded: for
 * the many short histograms of a time series.
 */
export function createLatencyHistogram(bitBucketSize: 32 | "packed" = 32): LatencyHistogram {
  return hdr.build({
    bitBucketSize,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_NANOS,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

/** Records a latency given in milliseconds (as `performance.now()` differences) as ns. */
export function recordLatencyMs(histogram: LatencyHistogram, latencyMs: number): void {
  const nanos = Math.round(latencyMs * 1e6);
  histogram.recordValue(Math.min(Math.max(nanos, 1), HIGHEST_TRACKABLE_NANOS));
}

/** The figures of a latency distribution, in µs. */
export interface LatencySummary {
  /** Samples. */
  count: number;
  /** Fastest sample. */
  minMicros: number;
  /** Median. */
  p50Micros: number;
  /** 90th percentile. */
  p90Micros: number;
  /** 99th percentile. */
  p99Micros: number;
  /** 99.9th percentile. */
  p999Micros: number;
  /** Slowest sample. */
  maxMicros: number;
  /** Arithmetic mean. */
  meanMicros: number;
  /** Standard deviation. */
  stdevMicros: number;
}

/** Options of {@linkcode summarizeHistogram}. */
export interface SummarizeHistogramOptions {
  /**
   * Divide every figure by two: the one-way estimate sockperf prints by default (a round trip
   * halved), as opposed to the full round trip it prints with `--full-rtt`.
   * @default {false}
   */
  halve?: boolean;
}

/**
 * Summarises a histogram of nanoseconds into µs figures. Percentiles are HDR "value at
 * percentile": the highest value equivalent to the smallest recorded value at or above that
 * rank. An empty histogram gives count 0 and every figure 0.
 *
 * @example
 * ```ts
 * import { createLatencyHistogram, recordLatencyMs, summarizeHistogram } from "./histogram.ts";
 * const h = createLatencyHistogram();
 * recordLatencyMs(h, 0.020); // 20 µs
 * summarizeHistogram(h).p50Micros; // 20 (within 0.1 %)
 * summarizeHistogram(h, { halve: true }).p50Micros; // 10
 * ```
 */
export function summarizeHistogram(
  histogram: LatencyHistogram,
  options: SummarizeHistogramOptions = {},
): LatencySummary {
  const scale = (options.halve ? 0.5 : 1) / 1000;
  const count = histogram.totalCount;
  if (count === 0) {
    return {
      count: 0,
      minMicros: 0,
      p50Micros: 0,
      p90Micros: 0,
      p99Micros: 0,
      p999Micros: 0,
      maxMicros: 0,
      meanMicros: 0,
      stdevMicros: 0,
    };
  }
  const at = (p: number) => histogram.getValueAtPercentile(p) * scale;
  return {
    count,
    minMicros: histogram.minNonZeroValue * scale,
    p50Micros: at(50),
    p90Micros: at(90),
    p99Micros: at(99),
    p999Micros: at(99.9),
    maxMicros: histogram.maxValue * scale,
    meanMicros: histogram.mean * scale,
    stdevMicros: histogram.stdDeviation * scale,
  };
}

/** The histogram in HdrHistogram's compressed base64 form (`HistogramLogReader` reads it). */
export function encodeHistogram(histogram: LatencyHistogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

/** Reads a histogram written by {@linkcode encodeHistogram}. */
export function decodeHistogram(base64: string): LatencyHistogram {
  return hdr.decodeFromCompressedBase64(base64, 32, false);
}

/** A latency distribution in µs, HDR with 3 significant digits. */
export interface LatencyPercentiles {
  /** Samples. */
  count: number;
  /** Lowest value of the minimum's bucket, µs. */
  minMicros: number;
  /** Mean, µs. */
  meanMicros: number;
  /** Standard deviation, µs. */
  stdevMicros: number;
  /** Highest value of the maximum's bucket (the 100th percentile), µs. */
  maxMicros: number;
  /** Value at each percentile of a load test's table, keyed by the percentile as text ("99.9"). */
  percentiles: Record<string, number>;
}
