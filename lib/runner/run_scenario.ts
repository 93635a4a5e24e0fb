/**
 * Runs one scenario on one transport: binds the servers, starts the clients, stops everything,
 * checks the properties from the record, and returns the result.
 *
 * @module
 */
import type { Peer, Scenario, Transport } from "../scenario/model.ts";
import type { RecordEvent } from "../record/event.ts";
import type { Failure, PropertyVerdict, ScenarioResult } from "../report/result.ts";
import { RunContext } from "./context.ts";
import { deadline } from "./deadline.ts";
import { StepFailure, TimedOut, UnexpectedEof } from "./errors.ts";
import { StepError } from "./run_steps.ts";
import { runScriptClient } from "./peers/script.ts";
import { startCommand } from "./peers/command.ts";
import { evaluateProperties } from "../property/mod.ts";
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
import { type Running, startServers } from "./servers.ts";

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
  if (pattern !== undefined && !new RegExp(pattern, "m").test(command.stdout.text)) {
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
  events: readonly RecordEvent[] = [],
): Failure {
  const failure: Failure = { message: error instanceof Error ? error.message : String(error) };
  if (error instanceof StepError) {
    failure.peer = error.peer;
    failure.step = error.step.source;
    failure.location = error.step.location;
    if (error.cause instanceof StepFailure) {
      failure.expected = error.cause.expected;
      failure.received = error.cause.received;
    }
  } else if (error instanceof StepFailure) {
    failure.expected = error.expected;
    failure.received = error.received;
  }
  const cause = error instanceof StepError ? error.cause : error;
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
function withVerdicts(failure: Failure, properties: PropertyVerdict[]): Failure {
  const failed = properties.filter((p) => !p.ok);
  if (failed.length === 0) return failure;
  const said = failed.map((p) => `${p.name}: ${p.detail}`).join("; ");
  return { ...failure, message: `${failure.message} (what was received: ${said})` };
}

/**
 * Runs `scenario` on `transport`. Never throws for a failing scenario: the result says what
 * failed, where, and how to rerun it.
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
    rerun: rerunCommand(scenario, transport, seed, options.rerunArgs),
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
      properties: [],
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
      });
    } catch (error) {
      return {
        ...base,
        status: "failed",
        durationMs: performance.now() - started,
        failure: { message: (error as Error).message },
        properties: [],
        notes: [],
        events: [],
      };
    }
  }
  const tempDir = await Deno.makeTempDir({ prefix: "sockspec-" });
  const ctx = new RunContext(scenario, transport, seed, tempDir);
  const running: Running = { servers: [], serverTasks: [], commands: [], clientsDone: false };
  const timeoutMs = options.timeoutMs ?? scenario.timeoutMs;
  try {
    const exercised = exercise(ctx, running).catch((error) => ctx.fail(error));
    await deadline(exercised, timeoutMs, "scenario").catch(() =>
      ctx.fail(new TimedOut(`the scenario did not finish within its timeout of ${timeoutMs} ms`))
    );
  } finally {
    for (const server of running.servers) server.finish();
    ctx.abort("the run ended");
    await ctx.closeAll();
    await Deno.remove(tempDir, { recursive: true }).catch(() => {});
  }
  const verdicts = evaluateProperties(scenario.checks, ctx.record.events, transport);
  // After a failed step, the verdicts on what was received before it still say what went wrong
  // (a duplicating server fails "expected EOF" and no_duplicates); those with nothing to check
  // say nothing.
  const properties = ctx.firstFailure === undefined
    ? verdicts
    : verdicts.filter((p) => !p.detail.startsWith("nothing to check"));
  const failed = ctx.firstFailure !== undefined || properties.some((p) => !p.ok);
  const failure = ctx.firstFailure !== undefined
    ? withVerdicts(failureOf(ctx.firstFailure, running, ctx.record.events), properties)
    : failed
    ? {
      message: `property ${properties.filter((p) => !p.ok).map((p) => p.name).join(", ")} failed: ${
        properties.filter((p) => !p.ok).map((p) => `${p.name}: ${p.detail}`).join("; ")
      }`,
    }
    : undefined;
  const events = ctx.record.events;
  const result: ScenarioResult = {
    ...base,
    status: failed ? "failed" : "passed",
    durationMs: performance.now() - started,
    failure,
    properties,
    notes: describeTallies(ctx.record),
    events: lastEvents(
      events,
      Math.max(failed ? FAILED_EVENTS_KEPT : 0, options.keepEvents ?? 0),
    ),
  };
  if (failed && options.artifactDir) {
    const path = await writeFailureArtifact(options.artifactDir, result, events);
    result.notes.push(`record written to ${path}`);
  }
  return result;
}
