/**
 * Any scenario as a load test: its servers start once, then its scripted clients' steps run
 * again and again, by several clients at once, at full speed (closed loop) or at a fixed rate
 * (open loop, each round timed from its intended start so a stall is not hidden).
 *
 * @module
 */
import type { Scenario } from "../model/scenario.ts";
import type { Transport } from "../common/transport.ts";
import { RunContext } from "./context.ts";
import { PeerState } from "./peer_state.ts";
import { runSteps } from "./run_steps.ts";
import { type Running, startServers } from "./servers.ts";
import { releaseAll } from "./peers/script.ts";
import { makeRunDir } from "./run_dir.ts";
import {
  createLatencyHistogram,
  type LatencySummary,
  recordLatencyMs,
  summarizeHistogram,
} from "../common/histogram.ts";
import { sleepUnlessAborted } from "./steps/_sleep.ts";
import { evaluateChecks } from "../check/mod.ts";
import type { CheckVerdict } from "../report/result.ts";

/** Options of {@linkcode benchScenario}. */
export interface BenchScenarioOptions {
  seed: number;
  /** How long to run rounds, in ms. @default {5000} */
  durationMs?: number;
  /** Stop after this many rounds in all, if it comes first. */
  rounds?: number;
  /** Clients running rounds at once. @default {1} */
  clients?: number;
  /** Rounds per second, over all clients (open loop); full speed when unset. */
  ratePerSecond?: number;
}

/** What a load run measured. */
export interface BenchScenarioResult {
  name: string;
  transport: Transport;
  clients: number;
  /** Target rate in rounds/s, when the run was paced. */
  ratePerSecond?: number;
  durationMs: number;
  rounds: number;
  /** Rounds that failed (their first error is in `firstError`). */
  errors: number;
  firstError?: string;
  roundsPerSecond: number;
  /** Bytes the clients sent and received, over the window. */
  sentBytes: number;
  receivedBytes: number;
  /** Payload throughput both ways, in Gbit/s. */
  gbitPerSecond: number;
  /** Duration of each round, from its intended start when paced. */
  latency: LatencySummary;
  /** The scenario's properties over every round's verified data. */
  properties: CheckVerdict[];
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

/**
 * Runs `scenario`'s client steps as a load on `transport` and measures rounds per second,
 * throughput and round latency (an HDR histogram, µs). Failed rounds are counted, not fatal.
 * Only scripted clients take part; command clients are not repeated.
 *
 * @example 200 rounds of a scenario by 2 clients at once
 * ```ts
 * import { benchScenario, parseScenarioObject } from "@sockspec/sockspec";
 *
 * const scenario = parseScenarioObject({
 *   name: "echo round trip",
 *   transport: "tcp",
 *   server: { builtin: "echo" },
 *   client: [{ connect: {} }, { send: "ping" }, { receive: "ping" }, { close: {} }],
 * });
 * const result = await benchScenario(scenario, "tcp", { seed: 1, clients: 2, rounds: 200 });
 * if (result.errors > 0) throw new Error(result.firstError);
 * console.log(`${result.roundsPerSecond.toFixed(0)} rounds/s`);
 * ```
 */
export async function benchScenario(
  scenario: Scenario,
  transport: Transport,
  options: BenchScenarioOptions,
): Promise<BenchScenarioResult> {
  const clients = options.clients ?? 1;
  const durationMs = options.durationMs ?? 5000;
  const tempDir = await makeRunDir();
  // The record keeps only counters once its bound is reached, so a long run stays small.
  const ctx = new RunContext(scenario, transport, options.seed, tempDir);
  const running: Running = { servers: [], serverTasks: [], commands: [], clientsDone: false };
  const histogram = createLatencyHistogram();
  const scripts = scenario.peers.filter((p) => p.role === "client" && p.kind === "script");
  let rounds = 0;
  let errors = 0;
  let firstError: string | undefined;
  let started = 0;
  try {
    await startServers(ctx, running);
    started = performance.now();
    const endAt = started + durationMs;
    const intervalMs = options.ratePerSecond ? 1000 / options.ratePerSecond : 0;
    let next = 0;
    const worker = async (client: number) => {
      while (performance.now() < endAt && (options.rounds === undefined || next < options.rounds)) {
        const index = next++;
        const intended = intervalMs ? started + index * intervalMs : performance.now();
        const wait = intended - performance.now();
        if (wait > 0) await sleepUnlessAborted(wait, ctx.signal);
        try {
          await Promise.all(scripts.map(async (peer) => {
            const state = new PeerState(ctx, {
              name: `${peer.name}#${client}`,
              peerName: peer.name,
            });
            try {
              await runSteps(peer.steps, state);
            } finally {
              await releaseAll(state);
            }
          }));
          rounds++;
          recordLatencyMs(histogram, performance.now() - intended);
        } catch (error) {
          errors++;
          firstError ??= (error as Error).message;
        }
      }
    };
    await Promise.all(Array.from({ length: clients }, (_, i) => worker(i + 1)));
  } finally {
    ctx.abort("the load run ended");
    await ctx.closeAll();
    await Deno.remove(tempDir, { recursive: true }).catch(() => {});
  }
  const elapsedMs = started ? performance.now() - started : 0;
  const bytes = clientBytes(ctx);
  return {
    name: scenario.name,
    transport,
    clients,
    ratePerSecond: options.ratePerSecond,
    durationMs: elapsedMs,
    rounds,
    errors,
    firstError,
    roundsPerSecond: rounds / (elapsedMs / 1000),
    sentBytes: bytes.sent,
    receivedBytes: bytes.received,
    gbitPerSecond: ((bytes.sent + bytes.received) * 8) / (elapsedMs / 1000) / 1e9,
    latency: summarizeHistogram(histogram),
    properties: evaluateChecks(scenario.checks, ctx.record.events, transport),
  };
}
