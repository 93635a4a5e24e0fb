/**
 * Any scenario as a load test. Its servers start once; then its client script runs again and
 * again, by several clients at once, at full speed (closed loop) or at a fixed rate (open loop,
 * each request or round timed from its intended start so that a stall is not hidden).
 *
 * A client script of `request` steps (one `connect`, then requests of literal bytes) runs in
 * load workers, one per core by default: each worker keeps its connections open across rounds
 * (or reconnects per round), pipelines requests and checks every response byte for byte, and
 * the coordinating thread only adds their histograms. Any other script runs round by round
 * through the step runners in this thread, timing rounds (or its `request` steps).
 *
 * @module
 */
import type { Scenario, Step } from "../model/scenario.ts";
import type { Transport } from "../common/transport.ts";
import { RunContext } from "./context.ts";
import { makeRunDir } from "./run_dir.ts";
import { PeerState } from "./peer_state.ts";
import { runSteps } from "./run_steps.ts";
import { type Running, startServers } from "./servers.ts";
import { releaseAll } from "./peers/script.ts";
import { sleepUnlessAborted } from "./steps/_sleep.ts";
import { evaluateChecks } from "../check/mod.ts";
import { compileRequests, NotCompilable, type RequestPlan } from "./load_requests.ts";
import type { ConnectionJob } from "./load_connection.ts";
import type { WorkerDone, WorkerStart } from "./_load_worker.ts";
import { decodeHistogram, IntervalRecorder, latencyPercentiles } from "./load_histogram.ts";
import { decodeIntervalHistogram, encodeHistogram } from "./load_histogram.ts";
import { type LoadResult, LoadTotals } from "./load_result.ts";

/** Options of {@linkcode runLoad}. */
export interface LoadOptions {
  /** Seed of every random decision of the scenario (generated payloads, faults). */
  seed: number;
  /** How long to send, in ms. @default {5000} */
  durationMs?: number;
  /** Stop after this many rounds in all (the client script once is a round), if it comes first. */
  rounds?: number;
  /** Connections (or clients running rounds) at once. @default {1} */
  clients?: number;
  /** Requests per second over all clients (rounds per second for round loads), open loop. */
  ratePerSecond?: number;
  /** Requests in flight per connection at most (request loads only). @default {1} */
  pipeline?: number;
  /** Connect anew for each round instead of keeping connections open. @default {false} */
  reconnect?: boolean;
  /** Load workers (threads). @default {navigator.hardwareConcurrency} */
  workers?: number;
  /**
   * Aborted by a stop signal: the load starts no further round, and every worker's connections
   * stop sending; what was measured is returned.
   */
  signal?: AbortSignal;
}

/**
 * The scenario cannot run as the load asked for: no scripted client, or pipelining asked of a
 * script that is not made of requests.
 */
export class LoadPlanError extends Error {
  override name = "LoadPlanError";
}

/** Time allowed for workers to load their code and say they are ready, in ms. */
const WORKER_READY_TIMEOUT_MS = 30_000;
/** Workers start this long after the last says it is ready, so all start together, in ms. */
const START_DELAY_MS = 20;

function hasRequest(steps: Step[]): boolean {
  return steps.some((s) =>
    s.kind === "request" || hasRequest(s.children) || s.branches.some(hasRequest)
  );
}

/**
 * Runs `scenario` on `transport` as a load test and measures it: completed requests (or
 * rounds) per second, an HDR histogram of their latency (µs figures, 3 significant digits),
 * 1 s intervals and errors. Failed requests are counted, not fatal.
 *
 * @throws {LoadPlanError} When pipelining is asked of a script that is not made of requests.
 * @throws {Error} When a server cannot start (as a scenario run would report it).
 */
export async function runLoad(
  scenario: Scenario,
  transport: Transport,
  options: LoadOptions,
): Promise<LoadResult> {
  // A run folder like a scenario run's: socket paths fit whatever TMPDIR is, and a later run
  // removes it if this process is killed.
  const tempDir = await makeRunDir();
  // The record keeps only counters once its bound is reached, so a long run stays small.
  const ctx = new RunContext(scenario, transport, options.seed, tempDir);
  const running: Running = { servers: [], serverTasks: [], commands: [], clientsDone: false };
  const scripts = scenario.peers.filter((p) => p.role === "client" && p.kind === "script");
  try {
    await startServers(ctx, running);
    let plan: RequestPlan | undefined;
    let why = "the scenario has more than one scripted client";
    if (scripts.length === 1 && hasRequest(scripts[0].steps)) {
      try {
        const state = new PeerState(ctx, {
          name: `${scripts[0].name}#1`,
          peerName: scripts[0].name,
        });
        plan = await compileRequests(scripts[0].steps, state);
      } catch (error) {
        if (!(error instanceof NotCompilable)) throw error;
        why = error.message;
      }
    } else if (scripts.length === 1) why = "the client has no request steps";
    if (plan) {
      return await runRequests(plan, {
        ...options,
        name: scenario.name,
        transport,
        timeoutMs: scenario.stepTimeoutMs,
      });
    }
    if (scripts.length === 0) {
      throw new LoadPlanError(
        "the scenario has no scripted client whose steps a load could repeat",
      );
    }
    if ((options.pipeline ?? 1) > 1) {
      throw new LoadPlanError(`--load-pipeline needs a client of request steps: ${why}`);
    }
    return await loadInRounds(ctx, scripts, options);
  } finally {
    ctx.abort("the load run ended");
    await ctx.closeAll();
    await Deno.remove(tempDir, { recursive: true }).catch(() => {});
  }
}

function connectionJobs(plan: RequestPlan, options: LoadOptions, clients: number) {
  const perRound = plan.requests.length;
  return Array.from({ length: clients }, (_, index): ConnectionJob => {
    const rounds = options.rounds === undefined
      ? undefined
      : Math.floor(options.rounds / clients) + (index < options.rounds % clients ? 1 : 0);
    return {
      plan,
      limit: rounds === undefined ? undefined : rounds * perRound,
      schedule: options.ratePerSecond
        ? { index, connections: clients, ratePerSecond: options.ratePerSecond }
        : undefined,
      pipeline: options.pipeline ?? 1,
      reconnect: options.reconnect ?? false,
    };
  });
}

type WorkerMessage = { kind: "ready" } | WorkerDone | { kind: "failed"; message: string };

function nextMessage(worker: Worker, timeoutMs?: number): Promise<WorkerMessage> {
  return new Promise((resolve, reject) => {
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
      cleanup();
      reject(new Error(`a load worker did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (event: MessageEvent<WorkerMessage>) => {
      cleanup();
      resolve(event.data);
    };
    const onError = (event: ErrorEvent) => {
      event.preventDefault();
      cleanup();
      reject(new Error(`a load worker failed: ${event.message}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      worker.removeEventListener("message", onMessage);
      worker.removeEventListener("error", onError);
    };
    worker.addEventListener("message", onMessage);
    worker.addEventListener("error", onError);
  });
}

/** Options of {@linkcode runRequests}: a load's options, what to call it, and its timeout. */
export interface RequestLoadOptions extends LoadOptions {
  name: string;
  transport: Transport;
  /** A response overdue by this long fails its request and its connection, in ms. */
  timeoutMs: number;
}

/**
 * Runs compiled requests as a load in workers (see the module doc): the engine of request
 * loads, also used by `deno task bench` against redis-server.
 *
 * @throws {Error} When a worker cannot start or fails (its message says why).
 */
export async function runRequests(
  plan: RequestPlan,
  options: RequestLoadOptions,
): Promise<LoadResult> {
  const clients = options.clients ?? 1;
  const durationMs = options.durationMs ?? 5000;
  const count = Math.max(1, Math.min(options.workers ?? navigator.hardwareConcurrency, clients));
  const jobs = connectionJobs(plan, options, clients);
  const workers = Array.from(
    { length: count },
    () => new Worker(new URL("./_load_worker.ts", import.meta.url).href, { type: "module" }),
  );
  // A stop signal ends every worker's connections at their next request.
  const stop = () => workers.forEach((worker) => worker.postMessage({ kind: "stop" }));
  try {
    const ready = workers.map((w) => nextMessage(w, WORKER_READY_TIMEOUT_MS));
    for (const message of await Promise.all(ready)) {
      if (message.kind !== "ready") throw new Error("a load worker did not start");
    }
    const startAbsMs = performance.timeOrigin + performance.now() + START_DELAY_MS;
    const results = workers.map((worker, w) => {
      const done = nextMessage(worker);
      const start: WorkerStart = {
        jobs: jobs.filter((_, i) => i % count === w),
        startAbsMs,
        durationMs,
        timeoutMs: options.timeoutMs,
      };
      worker.postMessage(start);
      return done;
    });
    options.signal?.addEventListener("abort", stop, { once: true });
    if (options.signal?.aborted) stop();
    const totals = new LoadTotals();
    let endAbsMs = startAbsMs;
    for (const message of await Promise.all(results)) {
      if (message.kind === "failed") throw new Error(`a load worker failed: ${message.message}`);
      if (message.kind !== "done") throw new Error("a load worker answered out of turn");
      endAbsMs = Math.max(endAbsMs, message.endAbsMs);
      totals.add({
        ...message,
        histogram: decodeHistogram(message.histogram),
        intervals: message.intervals.map((i) => ({
          ...i,
          histogram: decodeIntervalHistogram(i.histogram),
        })),
      });
    }
    // From the common start to the last worker's last response.
    const elapsedMs = endAbsMs - startAbsMs;
    return {
      name: options.name,
      transport: options.transport,
      unit: "request",
      clients,
      workers: count,
      pipeline: options.pipeline ?? 1,
      reconnect: options.reconnect ?? false,
      ratePerSecond: options.ratePerSecond,
      durationMs: elapsedMs,
      completed: totals.completed,
      errors: totals.errors,
      firstError: totals.firstError,
      perSecond: totals.completed / (elapsedMs / 1000),
      sentBytes: totals.sentBytes,
      receivedBytes: totals.receivedBytes,
      latency: latencyPercentiles(totals.histogram),
      histogram: encodeHistogram(totals.histogram),
      intervals: totals.reportIntervals(elapsedMs),
      checks: [],
      instances: 1,
    };
  } finally {
    options.signal?.removeEventListener("abort", stop);
    for (const worker of workers) worker.terminate();
  }
}

function clientBytes(ctx: RunContext): { sent: number; received: number } {
  let sent = 0;
  let received = 0;
  for (const tally of ctx.record.tallies) {
    const role = ctx.scenario.peers.find((p) => p.name === tally.peer.replace(/#\d+$/, ""))?.role;
    if (role !== "client") continue;
    sent += tally.sentBytes;
    received += tally.receivedBytes;
  }
  return { sent, received };
}

async function loadInRounds(
  ctx: RunContext,
  scripts: Scenario["peers"],
  options: LoadOptions,
): Promise<LoadResult> {
  const clients = options.clients ?? 1;
  const durationMs = options.durationMs ?? 5000;
  const unit = scripts.some((peer) => hasRequest(peer.steps)) ? "request" : "round";
  const started = performance.now();
  const recorder = new IntervalRecorder(performance.timeOrigin + started);
  const endAt = started + durationMs;
  const intervalMs = options.ratePerSecond ? 1000 / options.ratePerSecond : 0;
  let next = 0;
  let firstError: string | undefined;
  const client = async (instance: number) => {
    while (
      performance.now() < endAt && (options.rounds === undefined || next < options.rounds) &&
      !options.signal?.aborted
    ) {
      const index = next++;
      const intended = intervalMs ? started + index * intervalMs : performance.now();
      // A timer may fire up to a millisecond early: wait again until the intended start, so no
      // round begins (or is timed) before it.
      for (let wait = intended - performance.now(); wait > 0; wait = intended - performance.now()) {
        await sleepUnlessAborted(Math.ceil(wait), ctx.signal);
      }
      // In an open loop the round's first request is timed from the round's intended start.
      let from: number | undefined = intervalMs ? intended : undefined;
      try {
        await Promise.all(scripts.map(async (peer) => {
          const state = new PeerState(ctx, {
            name: `${peer.name}#${instance}`,
            peerName: peer.name,
          });
          if (unit === "request") {
            state.requestDone = (startMs, endMs) => {
              recorder.record(endMs, endMs - Math.min(from ?? startMs, startMs));
              from = undefined;
            };
          }
          try {
            await runSteps(peer.steps, state);
          } finally {
            await releaseAll(state);
          }
        }));
        const end = performance.now();
        if (unit === "round") recorder.record(end, end - intended);
      } catch (error) {
        recorder.fail(performance.now());
        firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, i) => client(i + 1)));
  const elapsedMs = performance.now() - started;
  const bytes = clientBytes(ctx);
  const totals = new LoadTotals();
  totals.add({
    completed: recorder.completed,
    errors: recorder.errors,
    firstError,
    sentBytes: bytes.sent,
    receivedBytes: bytes.received,
    histogram: recorder.total(),
    intervals: recorder.intervals,
  });
  return {
    name: ctx.scenario.name,
    transport: ctx.transport,
    unit,
    clients,
    workers: 0,
    pipeline: 1,
    reconnect: true,
    ratePerSecond: options.ratePerSecond,
    durationMs: elapsedMs,
    completed: totals.completed,
    errors: totals.errors,
    firstError,
    perSecond: totals.completed / (elapsedMs / 1000),
    sentBytes: bytes.sent,
    receivedBytes: bytes.received,
    latency: latencyPercentiles(totals.histogram),
    histogram: encodeHistogram(totals.histogram),
    intervals: totals.reportIntervals(elapsedMs),
    checks: evaluateChecks(ctx.scenario.checks, ctx.record.events, ctx.transport),
    instances: 1,
  };
}
