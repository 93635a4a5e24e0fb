/**
 * The redis PING case of `deno task bench`: a real redis-server on loopback, loaded by
 * sockspec's request engine (the one `--load` uses: workers, kept-open connections,
 * pipelining, responses checked byte for byte), then by redis-benchmark on the same server.
 *
 * @module
 */
import { freePort, startServer } from "./_spawn.ts";
import { runRequests } from "../runner/load_run.ts";
import type { RequestPlan } from "../runner/load_requests.ts";
import type { LatencyPercentiles } from "../runner/load_histogram.ts";

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

const encoder = new TextEncoder();

/**
 * Sends PING\r\n and expects +PONG\r\n on `clients` connections at full speed with up to
 * `pipeline` requests in flight each: a warm-up load (discarded), then the measured one.
 */
export async function measureRedisPing(options: MeasureRedisPingOptions): Promise<RedisPingResult> {
  const plan: RequestPlan = {
    endpoint: { host: "127.0.0.1", port: options.port },
    noDelay: true,
    requests: [{
      send: encoder.encode("PING\r\n"),
      response: encoder.encode("+PONG\r\n"),
      at: "PING",
    }],
  };
  const load = (durationMs: number) =>
    runRequests(plan, {
      seed: 0,
      name: "redis PING",
      transport: "tcp",
      timeoutMs: 5000,
      clients: options.clients,
      pipeline: options.pipeline,
      durationMs,
    });
  if (options.warmupMs > 0) await load(options.warmupMs);
  const result = await load(options.durationMs);
  return {
    clients: result.clients,
    pipeline: result.pipeline,
    workers: result.workers,
    durationSeconds: result.durationMs / 1000,
    completed: result.completed,
    errors: result.errors,
    firstError: result.firstError,
    requestsPerSecond: result.perSecond,
    latency: result.latency,
  };
}
