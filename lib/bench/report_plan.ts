/**
 * What a report run measures: one case per transport, kind, size and connection count, each
 * with the external tool that measures the same thing, where there is one.
 *
 * @module
 */
import type { ReportOptions } from "./report_args.ts";
import { formatSize } from "./sizes.ts";
import { type BenchTransport, isStream, maxPayloadBytes } from "./transport.ts";

/** The external tool a case is compared with. */
export type ReferenceTool =
  | { tool: "iperf3"; udp: boolean }
  | { tool: "sockperf"; tcp: boolean }
  | { tool: "redis-benchmark"; pipeline: number };

/** The kind of a case. */
export type CaseKind =
  | "stream_throughput"
  | "datagram_throughput"
  | "round_trip"
  | "latency_under_load"
  | "redis_ping";

/** One thing to measure. */
export interface BenchCase {
  /** Unique and readable, for example `tcp throughput 1 KiB x1`. */
  id: string;
  kind: CaseKind;
  transport: BenchTransport;
  sizeBytes: number;
  /** Stream throughput: concurrent connections. */
  connections?: number;
  /** Redis PING: requests in flight per connection. */
  pipeline?: number;
  /** Latency under load: fractions of the measured maximum. */
  fractions?: number[];
  /** Run beside each of this case's runs, where installed and `compare` is on. */
  reference?: ReferenceTool;
  /** Why the case is not run, if it is not. */
  skipped?: string;
}

/** Which external tools can run. */
export interface AvailableTools {
  iperf3: boolean;
  sockperf: boolean;
  /** redis-server, the server of the redis PING cases. */
  redisServer?: boolean;
  /** redis-benchmark (redis-tools), their reference. */
  redisBenchmark?: boolean;
}

/** Connections of the redis PING cases (as `redis-benchmark -c 8`). */
export const REDIS_CLIENTS = 8;
/** Pipeline depths of the redis PING cases: none, and `redis-benchmark -P 16`. */
export const REDIS_PIPELINES = [1, 16];

/** sockperf's smallest message: its header (sockperf(1)). */
export const SOCKPERF_MIN_BYTES = 14;

/**
 * Builds the cases of a run, in the order they run: per transport, throughput (stream or
 * datagram), then round trips, then latency under load. Datagram sizes above the transport's
 * maximum are kept as skipped cases with the reason.
 */
export function planCases(options: ReportOptions, tools: AvailableTools): BenchCase[] {
  const cases: BenchCase[] = [];
  const compare = options.compare;
  for (const transport of options.transports) {
    for (const sizeBytes of options.sizes) {
      if (isStream(transport)) {
        for (const connections of options.connections) {
          cases.push({
            id: `${transport} throughput ${formatSize(sizeBytes)} x${connections}`,
            kind: "stream_throughput",
            transport,
            sizeBytes,
            connections,
            reference: compare && tools.iperf3 && transport === "tcp"
              ? { tool: "iperf3", udp: false }
              : undefined,
          });
        }
      } else {
        const max = maxPayloadBytes(transport);
        cases.push({
          id: `${transport} throughput ${formatSize(sizeBytes)}`,
          kind: "datagram_throughput",
          transport,
          sizeBytes,
          reference: compare && tools.iperf3 && transport === "udp" && sizeBytes <= max
            ? { tool: "iperf3", udp: true }
            : undefined,
          skipped: sizeBytes > max
            ? `a ${transport} datagram holds at most ${max} bytes`
            : sizeBytes < 16
            ? "datagrams carry a 16-byte header here"
            : undefined,
        });
      }
    }
    for (const sizeBytes of options.latencySizes) {
      const sockperf = compare && tools.sockperf && (transport === "tcp" || transport === "udp") &&
        sizeBytes >= SOCKPERF_MIN_BYTES;
      cases.push({
        id: `${transport} round trip ${formatSize(sizeBytes)}`,
        kind: "round_trip",
        transport,
        sizeBytes,
        reference: sockperf ? { tool: "sockperf", tcp: transport === "tcp" } : undefined,
        skipped: sizeBytes < 16 ? "messages carry a 16-byte header here" : undefined,
      });
    }
    for (const sizeBytes of options.latencySizes.slice(0, 1)) {
      cases.push({
        id: `${transport} latency under load ${formatSize(sizeBytes)}`,
        kind: "latency_under_load",
        transport,
        sizeBytes,
        fractions: options.loadFractions,
        skipped: sizeBytes < 16 ? "messages carry a 16-byte header here" : undefined,
      });
    }
  }
  if (options.transports.includes("tcp")) cases.push(...redisCases(compare, tools));
  return cases;
}

/** redis PING against a real redis-server, beside redis-benchmark on the same server. */
function redisCases(compare: boolean, tools: AvailableTools): BenchCase[] {
  return REDIS_PIPELINES.map((pipeline) => ({
    id: `redis PING x${REDIS_CLIENTS}${pipeline > 1 ? ` pipeline ${pipeline}` : ""}`,
    kind: "redis_ping" as const,
    transport: "tcp" as const,
    sizeBytes: 6,
    connections: REDIS_CLIENTS,
    pipeline,
    reference: compare && tools.redisBenchmark
      ? { tool: "redis-benchmark" as const, pipeline }
      : undefined,
    skipped: tools.redisServer ? undefined : "redis-server is not installed (Debian redis-server)",
  }));
}
