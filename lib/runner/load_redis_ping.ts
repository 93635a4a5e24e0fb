/**
 * The redis PING load of `deno task bench`: PING\r\n answered by +PONG\r\n through the request
 * engine `--load` uses. Passed to the bench report by `bench/report.ts`, since lib/bench sits
 * below the runner.
 *
 * @module
 */
import type { MeasureRedisPing } from "../bench/redis_ping.ts";
import { runRequests } from "./load_run.ts";
import type { RequestPlan } from "./load_requests.ts";

const encoder = new TextEncoder();

/**
 * Sends PING\r\n and expects +PONG\r\n on `clients` connections at full speed with up to
 * `pipeline` requests in flight each: a warm-up load (discarded), then the measured one.
 */
export const measureRedisPing: MeasureRedisPing = async (options) => {
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
};
