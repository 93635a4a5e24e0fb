/**
 * Runs one scenario on one transport: binds the servers, starts the clients, stops everything,
 * checks the checks from the record, and returns the result.
 *
 * @module
 */
import type { Peer, Scenario } from "../model/scenario.ts";
import { isStream, type Transport } from "../common/transport.ts";
import type { CheckVerdict } from "../common/verdict.ts";
import type { RecordEvent } from "../record/event.ts";
import type { Failure, ScenarioResult } from "../report/result.ts";
import { RunContext } from "./context.ts";
import { deadline } from "./deadline.ts";
import { Interrupted, StepFailure, TimedOut, UnexpectedEof } from "./errors.ts";
import { runSteps, StepError } from "./run_steps.ts";
import { PeerState } from "./peer_state.ts";
import { runScriptClient } from "./peers/script.ts";
import { startCommand } from "./peers/command.ts";
import { evaluateChecks } from "../check/mod.ts";
import { describeTallies } from "./notes.ts";
import { describeDifference, quoteBoth } from "../pattern/diagnosis.ts";
import { skipReason } from "./skip.ts";
import { rerunCommand } from "./rerun.ts";
import { writeFailureArtifact } from "./artifact.ts";
import {
  insideNamespace,
  namespaceTargetSkipReason,
  networkSkipReason,
  runInNamespace,
} from "./network.ts";
import { compileRegex } from "../common/regex.ts";
import { descriptorShortfall } from "./descriptors.ts";
import { type Running, startServers } from "./servers.ts";
import { makeRunDir } from "./run_dir.ts";
import { awaitOwnExits, headlineWithExits } from "./peer_exit.ts";

/** Options of {@linkcode runScenario}. */
export interface RunScenarioOptions {
  /** Seed of every random decision; a random one when not given. */
  seed?: number;
  /** Overrides the scenario's own timeout, in ms. */
  timeoutMs?: number;
  /** Events of the record kept in a passed result (all up to a bound on failure). @default {0} */
  keepEvents?: number;
  /** Where to write the whole record of a failed run as JSON; nowhere when unset. */
  artifactDir?: string;
  /** Command-line words the rerun command repeats, such as `--target "..."`. @default {[]} */
  rerunArgs?: string[];
  /** How the rerun command starts sockspec. @default {"sockspec"} */
  rerunProgram?: string;
  /**
   * Stops the run when aborted (by a signal): its peers stop, everything it started is
   * released, and the result has status `interrupted`. The abort reason, a string such as
   * `SIGINT`, is named in the result's failure message.
   */
  signal?: AbortSignal;
}

/** Events kept in a failed result, the last ones. */
const FAILED_EVENTS_KEPT = 200;

function lastEvents<T>(events: readonly T[], count: number): T[] {
  return count > 0 ? events.slice(-count) : [];
}

/** Picks a seed for a run that was given none. */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

async function runClient(peer: Peer, ctx: RunContext, running: Running): Promise<void> {
  if (peer.kind === "script") return await runScriptClient(peer, ctx);
  const [, endpoint] = [...ctx.endpoints.entries()][0] ?? [];
  const command = startCommand(peer, ctx, endpoint);
  running.commands.push(command);
  const code = await command.exited;
  const expected = peer.doc.expect_exit ?? 0;
  if (code !== expected) {
    throw new StepFailure(`${peer.name} exited with code ${code}, expected ${expected}`);
  }
  const pattern = peer.doc.expect_stdout;
  if (
    pattern !== undefined && !compileRegex(pattern, { multiline: true }).test(command.stdout.text)
  ) {
    throw new StepFailure(`${peer.name} printed no line matching /${pattern}/ on stdout`);
  }
}

function startClients(ctx: RunContext, running: Running): Promise<void>[] {
  const finished = new Map<string, Promise<void>>();
  const clients = ctx.scenario.peers.filter((p) => p.role === "client");
  const start = (peer: Peer): Promise<void> => {
    const existing = finished.get(peer.name);
    if (existing) return existing;
    // The loader checked that `after` names another client and that no clients wait in a circle.
    const first = clients.find((c) => c.name === peer.after);
    const before = first ? start(first) : Promise.resolve();
    const task = before.then(() => {
      ctx.throwIfAborted();
      return runClient(peer, ctx, running);
    }).catch((error) => ctx.fail(error));
    finished.set(peer.name, task);
    return task;
  };
  return clients.map(start);
}

async function exercise(ctx: RunContext, running: Running): Promise<void> {
  if (ctx.scenario.setup.length > 0) {
    await runSteps(ctx.scenario.setup, new PeerState(ctx, { name: "setup", peerName: "setup" }));
  }
  await startServers(ctx, running);
  await Promise.all(startClients(ctx, running));
  running.clientsDone = true;
  await Promise.all(running.serverTasks);
  // Let built-in servers finish the connections the clients closed, so their checks see EOF.
  await deadline(Promise.all(running.servers.map((s) => s.idle())), 2000, "servers finishing")
    .catch(() => {});
}

/** What `peer` sent and received before a failure, from the record. */
function exchanged(events: readonly RecordEvent[], peer: string): string {
  let sent = 0;
  let received = 0;
  for (const e of events) {
    if (e.peer !== peer) continue;
    if (e.kind === "send") sent += e.bytes ?? 0;
    else if (e.kind === "receive") received += e.bytes ?? 0;
  }
  return `${peer} had sent ${sent} bytes and received ${received}`;
}

function failureOf(
  error: unknown,
  running: Running,
  scenario: Scenario,
  events: readonly RecordEvent[] = [],
): Failure {
  const message = error instanceof Error ? error.message : String(error);
  // Interrupting a run stops its command peers: their exits are not news.
  const failure: Failure = {
    message: error instanceof Interrupted
      ? message
      : headlineWithExits(message, running.commands, scenario),
  };
  const cause = error instanceof StepError ? error.cause : error;
  if (cause instanceof TimedOut && running.hints) {
    failure.message += `; hint: ${running.hints.join("; ")}`;
  }
  if (error instanceof StepError) {
    failure.peer = error.peer;
    // The step as it ran (`{round}` and other variables replaced), and as written if it differs.
    failure.step = error.asRun === error.step.source
      ? error.step.source
      : `${error.asRun}  # written: ${error.step.source}`;
    failure.location = error.step.location;
    if (error.cause instanceof StepFailure) {
      failure.expected = error.cause.expected;
      failure.received = error.cause.received;
      failure.receivedBytes = error.cause.receivedBytes;
    }
  } else if (error instanceof StepFailure) {
    failure.expected = error.expected;
    failure.received = error.received;
    failure.receivedBytes = error.receivedBytes;
  }
  if (
    failure.peer !== undefined &&
    (cause instanceof Deno.errors.BrokenPipe || cause instanceof Deno.errors.ConnectionReset)
  ) {
    failure.message += `: the peer closed or reset the connection; ${
      exchanged(events, failure.peer)
    }`;
  }
  if (failure.expected !== undefined && failure.received !== undefined) {
    // The headline says what the difference is, not only that there is one.
    failure.message += cause instanceof UnexpectedEof
      // The message already says how many bytes came before EOF: quote them.
      ? `; ${quoteBoth(failure.expected, failure.received)}`
      : `: ${describeDifference(failure.expected, failure.received)}`;
  }
  if (cause instanceof StepFailure && cause.note !== undefined) {
    failure.message += `; ${cause.note}`;
  }
  if (running.commands.length > 0) {
    failure.output = Object.fromEntries(running.commands.map((c) => [c.name, {
      stdout: c.stdout.text,
      stderr: c.stderr.text,
      exitCode: c.exitCode,
    }]));
  }
  return failure;
}

/** Adds the failed verdicts on what was received to the message of a failed step. */
function withVerdicts(failure: Failure, checks: CheckVerdict[]): Failure {
  const failed = checks.filter((p) => !p.ok);
  if (failed.length === 0) return failure;
  const said = failed.map((p) => `${p.name}: ${p.detail}`).join("; ");
  return { ...failure, message: `${failure.message} (what was received: ${said})` };
}

/** The message of an interrupted run: `interrupted by SIGINT`. */
function interruptionMessage(signal: AbortSignal): string {
  return `interrupted by ${String(signal.reason)}`;
}

/**
 * Fails the run with {@linkcode Interrupted} when `signal` aborts; `stopped` then resolves, so
 * the run stops waiting for peers whose sockets only close in the clean-up.
 */
function stopOnSignal(ctx: RunContext, signal: AbortSignal | undefined) {
  let onAbort = () => {};
  const stopped = new Promise<void>((resolve) => {
    onAbort = () => {
      ctx.fail(new Interrupted(interruptionMessage(signal!)));
      resolve();
    };
  });
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  return { stopped, dispose: () => signal?.removeEventListener("abort", onAbort) };
}

/**
 * Runs `scenario` on `transport`. Never throws for a failing scenario: the result says what
 * failed, where, and how to rerun it.
 *
 * @example Run one scenario on TCP and look at the verdict
 * ```ts
 * import { loadScenarioFile, runScenario } from "@sockspec/sockspec";
 *
 * const [scenario] = await loadScenarioFile("scenarios/stream/echo_half_close.yaml");
 * const result = await runScenario(scenario, "tcp", { seed: 42 });
 * if (result.status === "failed") throw new Error(result.failure?.message);
 * ```
 */
export async function runScenario(
  scenario: Scenario,
  transport: Transport,
  options: RunScenarioOptions = {},
): Promise<ScenarioResult> {
  const seed = options.seed ?? scenario.seed ?? randomSeed();
  const started = performance.now();
  const base = {
    id: `${scenario.file}#${scenario.name}[${transport}]`,
    name: scenario.name,
    file: scenario.file,
    line: scenario.location.line,
    transport,
    tags: scenario.tags,
    seed,
    rerun: rerunCommand(scenario, transport, seed, options.rerunArgs, options.rerunProgram),
  };
  const outsideNetwork = scenario.network !== undefined && !insideNamespace();
  const skipped = await skipReason(scenario, transport) ??
    (outsideNetwork
      ? namespaceTargetSkipReason(options.rerunArgs ?? []) ?? await networkSkipReason(scenario)
      : undefined);
  if (skipped) {
    return {
      ...base,
      status: "skipped",
      skipReason: skipped,
      durationMs: 0,
      checks: [],
      notes: [],
      events: [],
    };
  }
  const shortfall = await descriptorShortfall(scenario, transport);
  if (shortfall) {
    return {
      ...base,
      status: "failed",
      durationMs: 0,
      failure: { message: shortfall },
      checks: [],
      notes: [],
      events: [],
    };
  }
  if (outsideNetwork) {
    try {
      return await runInNamespace(scenario, transport, {
        seed,
        rerun: base.rerun,
        artifactDir: options.artifactDir,
        timeoutMs: options.timeoutMs,
        runArgs: options.rerunArgs,
        signal: options.signal,
      });
    } catch (error) {
      const stopped = options.signal?.aborted;
      return {
        ...base,
        status: stopped ? "interrupted" : "failed",
        durationMs: performance.now() - started,
        failure: {
          message: stopped ? interruptionMessage(options.signal!) : (error as Error).message,
        },
        checks: [],
        notes: [],
        events: [],
      };
    }
  }
  const tempDir = await makeRunDir();
  const ctx = new RunContext(scenario, transport, seed, tempDir);
  const running: Running = { servers: [], serverTasks: [], commands: [], clientsDone: false };
  const timeoutMs = options.timeoutMs ?? scenario.timeoutMs;
  const stop = stopOnSignal(ctx, options.signal);
  try {
    const exercised = exercise(ctx, running).catch((error) => ctx.fail(error));
    // A failure or a signal stops the run at once: the finally block closes every socket, so the
    // other peers' pending accepts and receives end now instead of at their own timeouts.
    await deadline(Promise.race([exercised, stop.stopped]), timeoutMs, "scenario", ctx.signal)
      .catch(() => {
        if (ctx.signal.aborted) return;
        // Where each unfinished peer was waiting, read before the stop ends their steps.
        const where = ctx.activeSteps.describe(!isStream(transport));
        ctx.fail(
          new TimedOut(
            `the scenario did not finish within its timeout of ${timeoutMs} ms${
              where === undefined ? "" : `: ${where}`
            }`,
          ),
        );
      });
  } finally {
    stop.dispose();
    for (const server of running.servers) server.finish();
    // A failed run gives its command peers a moment to exit on their own, so the headline can
    // name an exit code; an interrupted one stops them at once.
    if (ctx.firstFailure !== undefined && !(ctx.firstFailure instanceof Interrupted)) {
      await awaitOwnExits(running.commands);
    }
    ctx.abort("the run ended");
    await ctx.closeAll();
    await Deno.remove(tempDir, { recursive: true }).catch(() => {});
  }
  if (ctx.firstFailure instanceof Interrupted) {
    return {
      ...base,
      status: "interrupted",
      durationMs: performance.now() - started,
      failure: failureOf(ctx.firstFailure, running, scenario),
      checks: [],
      notes: describeTallies(ctx.record),
      events: lastEvents(ctx.record.events, FAILED_EVENTS_KEPT),
    };
  }
  const verdicts = evaluateChecks(scenario.checks, ctx.record.events, transport);
  // After a failed step, the verdicts on what was received before it still say what went wrong
  // (a duplicating server fails "expected EOF" and no_duplicates); those with nothing to check
  // say nothing.
  const checks = ctx.firstFailure === undefined
    ? verdicts
    : verdicts.filter((p) => !p.detail.startsWith("nothing to check"));
  const failed = ctx.firstFailure !== undefined || checks.some((p) => !p.ok);
  const failure = ctx.firstFailure !== undefined
    ? withVerdicts(failureOf(ctx.firstFailure, running, scenario, ctx.record.events), checks)
    : failed
    ? {
      message: `check ${checks.filter((p) => !p.ok).map((p) => p.name).join(", ")} failed: ${
        checks.filter((p) => !p.ok).map((p) => `${p.name}: ${p.detail}`).join("; ")
      }`,
    }
    : undefined;
  const events = ctx.record.events;
  const result: ScenarioResult = {
    ...base,
    status: failed ? "failed" : "passed",
    durationMs: performance.now() - started,
    failure,
    checks,
    notes: describeTallies(ctx.record),
    events: lastEvents(
      events,
      Math.max(failed ? FAILED_EVENTS_KEPT : 0, options.keepEvents ?? 0),
    ),
  };
  if (failed && options.artifactDir) {
    try {
      const path = await writeFailureArtifact(options.artifactDir, result, events);
      result.notes.push(`record written to ${path}`);
    } catch (error) {
      // The verdict stands without its record: say why the record is missing.
      result.notes.push(
        `record not written to ${options.artifactDir}: ${(error as Error).message}`,
      );
    }
  }
  return result;
}
