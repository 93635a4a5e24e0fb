/**
 * Shapes of the figures the benchmarks produce. Units are in the field names.
 *
 * @module
 */
import type { LatencySummary } from "../common/histogram.ts";
import type { BenchTransport } from "./transport.ts";

/** One interval of a throughput window, as the receiver counted it (like iperf3's intervals). */
export interface ThroughputInterval {
  /** Seconds since the start of the window. */
  startSeconds: number;
  endSeconds: number;
  bytes: number;
  bitsPerSecond: number;
  /** Messages (writes of the message size, or datagrams) per second. */
  messagesPerSecond: number;
}

/** CPU time and memory of both sides during a measurement. */
export interface ResourceUse {
  /** CPU time (user + system) of the measuring process during the window, in µs. */
  clientCpuMicros: number;
  /** CPU time (user + system) of the peer process during the window, in µs. */
  peerCpuMicros: number;
  clientCpuMicrosPerGB: number;
  peerCpuMicrosPerGB: number;
  clientCpuMicrosPerMessage: number;
  peerCpuMicrosPerMessage: number;
  /** Peak RSS (VmHWM) of the measuring process during the measurement, in KiB. */
  clientPeakRssKiB?: number;
  /** Peak RSS of the peer process, in KiB. */
  peerPeakRssKiB?: number;
}

/** Throughput of one stream measurement (tcp, unix). */
export interface StreamThroughputResult {
  kind: "stream_throughput";
  transport: BenchTransport;
  sizeBytes: number;
  connections: number;
  /** Length of the window on the receiver's clock, in s. */
  seconds: number;
  /** Bytes the receiver counted during the window. */
  bytes: number;
  bitsPerSecond: number;
  /** `bytes / sizeBytes / seconds`: the receiver's rate in writes of the message size. */
  messagesPerSecond: number;
  intervals: ThroughputInterval[];
  resources: ResourceUse;
}

/** Throughput and loss of one datagram measurement (udp, unixgram). */
export interface DatagramThroughputResult {
  kind: "datagram_throughput";
  transport: BenchTransport;
  sizeBytes: number;
  /** Length of the window on the receiver's clock, in s. */
  seconds: number;
  /** Datagrams the receiver counted during the window. */
  receivedDatagrams: number;
  /** Datagrams per second received during the window. */
  datagramsPerSecond: number;
  /** Datagrams per second sent during the window (sender's clock). */
  sentDatagramsPerSecond: number;
  bitsPerSecond: number;
  /** Over the whole run (warm-up included): datagrams sent, received, and the lost share. */
  totalSent: number;
  totalReceived: number;
  lossPercent: number;
  intervals: ThroughputInterval[];
  resources: ResourceUse;
}

/** Round-trip times of one closed-loop ping-pong measurement. */
export interface RoundTripResult {
  kind: "round_trip";
  transport: BenchTransport;
  sizeBytes: number;
  /** Full round trips, as sockperf prints with `--full-rtt`. */
  rtt: LatencySummary;
  /** Round trips halved: sockperf's default "latency". */
  halfRtt: LatencySummary;
  /** Round trips per second during the window. */
  roundTripsPerSecond: number;
  /** Datagram ping-pong only: requests whose answer did not come within the timeout. */
  lost: number;
  /** The full-RTT histogram, HdrHistogram compressed base64, in ns. */
  histogram: string;
}

/** Latency of one open-loop measurement at a fixed rate. */
export interface LatencyUnderLoadResult {
  kind: "latency_under_load";
  transport: BenchTransport;
  sizeBytes: number;
  /** The measured maximum echo rate the target is a fraction of, in messages/s. */
  maxPerSecond: number;
  /** Fraction of the maximum (0 to 1). */
  fraction: number;
  targetPerSecond: number;
  /** Messages actually sent per second in the window. */
  achievedPerSecond: number;
  /** Messages sent in the window, and answers received for them. */
  sent: number;
  answered: number;
  /** Time from each message's intended send moment to its full echo, in µs. */
  latency: LatencySummary;
  histogram: string;
  /**
   * Latency over time: one HDR histogram (ns, compressed base64) per 250 ms of the window, by
   * each message's intended send moment.
   */
  intervals: { startSeconds: number; histogram: string }[];
}
