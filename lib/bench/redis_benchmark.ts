/**
 * redis-benchmark (redis-tools, https://redis.io/docs/latest/operate/oss_and_stack/management/optimization/benchmarks/):
 * runs its PING test against a server and reads its `--csv` output.
 *
 * @module
 */
import { runTool } from "./_spawn.ts";

/** The figures of one redis-benchmark test, from its CSV line. */
export interface RedisBenchmarkSummary {
  test: string;
  requestsPerSecond: number;
  /** Request latency as redis-benchmark measures it (from its write to the reply), µs. */
  avgMicros: number;
  minMicros: number;
  p50Micros: number;
  p95Micros: number;
  p99Micros: number;
  maxMicros: number;
}

/** redis-benchmark's output was not what this parser expects. */
export class RedisBenchmarkOutputError extends Error {
  override name = "RedisBenchmarkOutputError";
}

const HEADER = ["test", "rps", "avg_latency_ms", "min_latency_ms", "p50_latency_ms"];

/**
 * Reads the CSV that `redis-benchmark --csv` prints: a header line, then one line a test.
 *
 * @throws {RedisBenchmarkOutputError} If the header or the first test line is missing.
 */
export function parseRedisBenchmarkCsv(text: string): RedisBenchmarkSummary {
  const rows = text.split(/\r?\n/).filter((l) => l.startsWith('"')).map((line) =>
    line.split(",").map((cell) => cell.replace(/^"|"$/g, ""))
  );
  const header = rows.find((r) => r[0] === "test");
  const row = rows.find((r) => r[0] !== "test");
  if (!header || HEADER.some((h, i) => header[i] !== h) || !row) {
    throw new RedisBenchmarkOutputError(
      `expected redis-benchmark --csv output ("test","rps",...), found ${
        JSON.stringify(text.slice(0, 200))
      }`,
    );
  }
  const value = (name: string) => Number(row[header.indexOf(name)]);
  const micros = (name: string) => value(name) * 1000;
  return {
    test: row[0],
    requestsPerSecond: value("rps"),
    avgMicros: micros("avg_latency_ms"),
    minMicros: micros("min_latency_ms"),
    p50Micros: micros("p50_latency_ms"),
    p95Micros: micros("p95_latency_ms"),
    p99Micros: micros("p99_latency_ms"),
    maxMicros: micros("max_latency_ms"),
  };
}

/** Options of {@linkcode runRedisBenchmark}. */
export interface RunRedisBenchmarkOptions {
  port: number;
  /** Connections (`-c`). */
  clients: number;
  /** Requests in all (`-n`). */
  requests: number;
  /** Requests in flight per connection (`-P`). @default {1} */
  pipeline?: number;
  /** Longest wait for it to finish, in ms. @default {120000} */
  timeoutMs?: number;
}

/**
 * Runs `redis-benchmark -t ping_inline` (PING\r\n, as the sockspec side sends it) on
 * 127.0.0.1.
 *
 * @throws {import("./_spawn.ts").ToolError} If it cannot start, fails or runs too long.
 * @throws {RedisBenchmarkOutputError} If its output cannot be read.
 */
export async function runRedisBenchmark(
  options: RunRedisBenchmarkOptions,
): Promise<{ commandLine: string; summary: RedisBenchmarkSummary }> {
  const args = [
    "-h",
    "127.0.0.1",
    "-p",
    String(options.port),
    "-c",
    String(options.clients),
    "-n",
    String(options.requests),
    "-P",
    String(options.pipeline ?? 1),
    "-t",
    "ping_inline",
    "--csv",
  ];
  const { stdout } = await runTool("redis-benchmark", args, options.timeoutMs ?? 120_000);
  return {
    commandLine: `redis-benchmark ${args.join(" ")}`,
    summary: parseRedisBenchmarkCsv(stdout),
  };
}
