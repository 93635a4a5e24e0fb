/**
 * The JSON document `deno task bench` writes, shaped like iperf3's `-J` output:
 * `{start, intervals, end}`, plus `histograms`.
 *
 * @module
 */
import type { Iperf3Summary } from "./iperf3.ts";
import type { MachineInfo } from "./machine_info.ts";
import type { ReportOptions } from "./report_args.ts";
import type { BenchCase } from "./report_plan.ts";
import type {
  DatagramThroughputResult,
  LatencyUnderLoadResult,
  RoundTripResult,
  StreamThroughputResult,
} from "./result_types.ts";
import type { SockperfSummary } from "./sockperf.ts";
import type { RedisBenchmarkSummary } from "./redis_benchmark.ts";
import type { RedisPingResult } from "./redis_ping.ts";
import type { Spread } from "./stats.ts";
import type { LatencySummary } from "../common/histogram.ts";

/** One measurement of ours. Histograms are moved to {@linkcode BenchDocument.histograms}. */
export type CaseRun =
  | StreamThroughputResult
  | DatagramThroughputResult
  | Omit<RoundTripResult, "histogram">
  | Omit<LatencyUnderLoadResult, "histogram">
  | RedisPingResult;

/** One run of the external tool beside ours. */
export type ReferenceRun =
  | { tool: "iperf3"; commandLine: string; summary: Iperf3Summary }
  | { tool: "sockperf"; commandLine: string; summary: SockperfSummary }
  | { tool: "redis-benchmark"; commandLine: string; summary: RedisBenchmarkSummary };

/** The headline figure of a case, its spread over runs, and the same for the tool. */
export interface Headline {
  /** What the figure is, with its unit: `Gbit/s`, `datagrams/s received`, `RTT p50 µs`. */
  figure: string;
  /** True if more is better (throughput), false if less is (latency). */
  higherIsBetter: boolean;
  ours: Spread;
  theirs?: Spread;
  /** median(ours) / median(theirs). */
  ratio?: number;
}

/** A case, its runs, and how they compare. */
export interface CaseReport {
  case: BenchCase;
  runs: CaseRun[];
  references: ReferenceRun[];
  headline?: Headline;
  /** Latency under load: the measured maximum of each run, in messages/s. */
  maxPerSecond?: number[];
  /** Why a run or the tool failed, if one did. */
  errors: string[];
}

/** One interval of a throughput run (iperf3's `intervals[].sum`, with the case added). */
export interface DocumentInterval {
  caseId: string;
  run: number;
  startSeconds: number;
  endSeconds: number;
  bytes: number;
  bitsPerSecond: number;
  messagesPerSecond: number;
}

/** A target of the work item: our figure over the tool's, against a required ratio. */
export interface TargetVerdict {
  name: string;
  ours?: number;
  theirs?: number;
  unit: string;
  ratio?: number;
  /** `>= 1.0` or `<= 1.1`. */
  required: string;
  met?: boolean;
  note?: string;
}

/** The 1 GiB stream verified in constant memory. */
export interface VerifyReport {
  bytes: number;
  seconds: number;
  bitsPerSecond: number;
  /** Peak RSS of the measuring process (the verifier), in KiB. */
  clientPeakRssKiB?: number;
  peerPeakRssKiB?: number;
  /** What the verifier found. */
  summary: unknown;
  passed: boolean;
}

/** The whole document. */
export interface BenchDocument {
  start: {
    timestamp: { time: string; timesecs: number };
    machine: MachineInfo;
    options: ReportOptions;
    tools: { iperf3?: string; sockperf?: string; "redis-benchmark"?: string };
  };
  intervals: DocumentInterval[];
  end: {
    cases: CaseReport[];
    targets: TargetVerdict[];
    verify?: VerifyReport | { skipped: string };
    /** Peak RSS of the measuring process over the whole run, in KiB. */
    clientPeakRssKiB?: number;
    durationSeconds: number;
  };
  /**
   * Full-RTT and under-load latency histograms by `<case id> #<run>[ @<fraction>]`: ns values,
   * HdrHistogram V2 compressed base64 (`hdr.decodeFromCompressedBase64`).
   */
  histograms: Record<string, { unit: "ns"; encoding: "hdr-compressed-base64"; data: string }>;
}

/** Re-exported for readers of the document. */
export type { LatencySummary };
