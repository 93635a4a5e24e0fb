/**
 * The redis PING case of `deno task bench`: a real redis-server on loopback, loaded by
 * sockspec's request engine (the one `--load` uses: workers, kept-open connections,
 * pipelining, responses checked byte for byte; see `lib/runner/load_redis_ping.ts`), then by
 * redis-benchmark on the same server.
 *
 * @module
 */
import { freePort, startServer } from "./_spawn.ts";
import type { LatencyPercentiles } from "../common/histogram.ts";

/** A redis-server on 127.0.0.1 that stops when disposed. */
export interface RedisServer extends AsyncDisposable {
  port: number;
}

/**
 * Starts `redis-server` on a free loopback port, without persistence, and waits until it says
 * it is ready.
 *
 * @throws {import("./_timeout.ts").BenchTimeoutError} If it is not ready within 10 s.
 */
export async function startRedisServer(): Promise<RedisServer> {
  const port = freePort();
  const server = await startServer(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    (line) => /Ready to accept connections/.test(line),
  );
  return { port, [Symbol.asyncDispose]: () => server.stop({ signal: "SIGTERM" }) };
}

/** One measured run of sockspec against redis-server. */
export interface RedisPingResult {
  clients: number;
  pipeline: number;
  workers: number;
  durationSeconds: number;
  completed: number;
  errors: number;
  firstError?: string;
  requestsPerSecond: number;
  /** Per request, from its send. */
  latency: LatencyPercentiles;
}

/** Options of {@linkcode measureRedisPing}. */
export interface MeasureRedisPingOptions {
  port: number;
  clients: number;
  pipeline: number;
  warmupMs: number;
  durationMs: number;
}

/**
 * Loads a redis-server with PINGs and measures the requests. The request engine lives in
 * lib/runner (a layer above this one): `bench/report.ts` passes in its `measureRedisPing`.
 */
export type MeasureRedisPing = (options: MeasureRedisPingOptions) => Promise<RedisPingResult>;
