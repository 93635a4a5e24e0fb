/**
 * The result of a load test, and exact addition of partial results: from the connections of a
 * worker, the workers of a run, or the runs of several machines (`load-merge`). Counts add;
 * HDR histograms add bucket by bucket, so merged percentiles are those of one run that had
 * recorded every sample.
 *
 * @module
 */
import type { Transport } from "../common/transport.ts";
import type { CheckVerdict } from "../report/result.ts";
import type { BudgetVerdict } from "./load_budget.ts";
import {
  createIntervalHistogram,
  createLatencyHistogram,
  decodeHistogram,
  decodeIntervalHistogram,
  encodeHistogram,
  INTERVAL_MS,
  type LatencyHistogram,
  type LatencyPercentiles,
  latencyPercentiles,
} from "./load_histogram.ts";

/** One interval of the time series (like iperf3's intervals). */
export interface LoadInterval {
  /** Start of the interval, in whole seconds since the load started. */
  second: number;
  /** Length of the interval, in ms (shorter for the last one). */
  durationMs: number;
  /** Requests (or rounds) that succeeded in it, by the time they ended. */
  completed: number;
  /** Requests (or rounds) that failed in it. */
  errors: number;
  /** `completed` per second of the interval. */
  perSecond: number;
  /** The interval's latency distribution. */
  latency: LatencyPercentiles;
  /** The interval's HDR histogram of ns, compressed base64 (`HistogramLogReader` reads it). */
  histogram: string;
}

/** What a load test measured. The JSON of `--load-json` holds a list of these. */
export interface LoadResult {
  /** The scenario's name. */
  name: string;
  /** The transport it ran on. */
  transport: Transport;
  /** What `completed` and `latency` count: marked `request` steps, or whole rounds. */
  unit: "request" | "round";
  /** Connections (request loads) or clients running rounds at once, over all instances. */
  clients: number;
  /** Workers (threads) that ran them, over all instances; 0 when the load ran in-thread. */
  workers: number;
  /** Requests in flight per connection at most. */
  pipeline: number;
  /** Whether each round connected anew. */
  reconnect: boolean;
  /** Target rate over all clients, per second, when paced (open loop). */
  ratePerSecond?: number;
  /** Time from the start to the last response, in ms (the longest of merged instances). */
  durationMs: number;
  /** Requests (or rounds) that succeeded. */
  completed: number;
  /** Requests (or rounds) that failed: a wrong or missing response, a refused connect. */
  errors: number;
  /** The first failure's message. */
  firstError?: string;
  /** Completed per second (the sum over merged instances, which ran at the same time). */
  perSecond: number;
  /** Bytes the clients sent. */
  sentBytes: number;
  /** Bytes the clients received. */
  receivedBytes: number;
  /**
   * Latency of each request from its send (closed loop) or its intended start (open loop); of
   * each round for round loads.
   */
  latency: LatencyPercentiles;
  /** The whole HDR histogram of ns, compressed base64. */
  histogram: string;
  /** The 1 s time series, from the start. */
  intervals: LoadInterval[];
  /** The scenario's checks over the verified data (round loads only). */
  checks: CheckVerdict[];
  /** Results added into this one: 1 for one run. */
  instances: number;
  /** The latency budgets checked (`--load-budget`), when any were given. */
  budget?: BudgetVerdict[];
}

/** The document `--load-json` writes and `load-merge` reads. */
export interface LoadDocument {
  /** The seed of the run (of the last file, after a merge). */
  seed: number;
  /** One result a scenario and transport. */
  results: LoadResult[];
}

/** A part to add: counts and histograms as recorded. */
export interface LoadPart {
  completed: number;
  errors: number;
  firstError?: string;
  sentBytes: number;
  receivedBytes: number;
  histogram: LatencyHistogram;
  intervals: { completed: number; errors: number; histogram: LatencyHistogram }[];
}

/** Adds parts exactly. */
export class LoadTotals {
  completed = 0;
  errors = 0;
  firstError?: string;
  sentBytes = 0;
  receivedBytes = 0;
  readonly histogram: LatencyHistogram = createLatencyHistogram();
  readonly intervals: { completed: number; errors: number; histogram: LatencyHistogram }[] = [];

  /** Adds a part's counts and histograms. */
  add(part: LoadPart): void {
    this.completed += part.completed;
    this.errors += part.errors;
    this.firstError ??= part.firstError;
    this.sentBytes += part.sentBytes;
    this.receivedBytes += part.receivedBytes;
    this.histogram.add(part.histogram);
    part.intervals.forEach((interval, i) => {
      while (this.intervals.length <= i) {
        this.intervals.push({ completed: 0, errors: 0, histogram: createIntervalHistogram() });
      }
      this.intervals[i].completed += interval.completed;
      this.intervals[i].errors += interval.errors;
      this.intervals[i].histogram.add(interval.histogram);
    });
  }

  /** The intervals as reported, for a load that lasted `durationMs`. */
  reportIntervals(durationMs: number): LoadInterval[] {
    return this.intervals.map((interval, second) => {
      const length = Math.max(1, Math.min(INTERVAL_MS, durationMs - second * INTERVAL_MS));
      return {
        second,
        durationMs: length,
        completed: interval.completed,
        errors: interval.errors,
        perSecond: interval.completed / (length / 1000),
        latency: latencyPercentiles(interval.histogram),
        histogram: encodeHistogram(interval.histogram),
      };
    });
  }
}

/** The part a reported result holds, decoded. */
export function partOf(result: LoadResult): LoadPart {
  return {
    completed: result.completed,
    errors: result.errors,
    firstError: result.firstError,
    sentBytes: result.sentBytes,
    receivedBytes: result.receivedBytes,
    histogram: decodeHistogram(result.histogram),
    intervals: result.intervals.map((i) => ({
      completed: i.completed,
      errors: i.errors,
      histogram: decodeIntervalHistogram(i.histogram),
    })),
  };
}

/** Thrown when results to merge do not describe the same load. */
export class MergeMismatch extends Error {
  override name = "MergeMismatch";
}

/**
 * Adds results of one load run on several machines (or several times) into one: counts,
 * bytes, histograms and intervals (by second since each instance's start) add exactly;
 * `perSecond` and `ratePerSecond` add (the instances ran at the same time); `durationMs` is the
 * longest; each check holds if it held everywhere.
 *
 * @throws {MergeMismatch} When the results are of different scenarios, transports or units.
 */
export function mergeLoadResults(results: LoadResult[]): LoadResult {
  const [first] = results;
  if (!first) throw new MergeMismatch("nothing to merge");
  for (const result of results) {
    for (const key of ["name", "transport", "unit"] as const) {
      if (result[key] !== first[key]) {
        throw new MergeMismatch(
          `${key}: expected ${JSON.stringify(first[key])} in every result, found ${
            JSON.stringify(result[key])
          }`,
        );
      }
    }
  }
  const totals = new LoadTotals();
  for (const result of results) totals.add(partOf(result));
  const sum = (pick: (r: LoadResult) => number) => results.reduce((n, r) => n + pick(r), 0);
  const durationMs = Math.max(...results.map((r) => r.durationMs));
  const rates = results.map((r) => r.ratePerSecond);
  return {
    name: first.name,
    transport: first.transport,
    unit: first.unit,
    clients: sum((r) => r.clients),
    workers: sum((r) => r.workers),
    pipeline: first.pipeline,
    reconnect: first.reconnect,
    ratePerSecond: rates.every((r) => r !== undefined) ? sum((r) => r.ratePerSecond!) : undefined,
    durationMs,
    completed: totals.completed,
    errors: totals.errors,
    firstError: totals.firstError,
    perSecond: sum((r) => r.perSecond),
    sentBytes: totals.sentBytes,
    receivedBytes: totals.receivedBytes,
    latency: latencyPercentiles(totals.histogram),
    histogram: encodeHistogram(totals.histogram),
    intervals: totals.reportIntervals(durationMs),
    checks: mergeChecks(results.flatMap((r) => r.checks)),
    instances: sum((r) => r.instances),
  };
}

function mergeChecks(verdicts: CheckVerdict[]): CheckVerdict[] {
  const byName = new Map<string, CheckVerdict>();
  for (const verdict of verdicts) {
    const seen = byName.get(verdict.name);
    if (!seen || (seen.ok && !verdict.ok)) byName.set(verdict.name, verdict);
  }
  return [...byName.values()];
}
