/**
 * Runs a scripted peer's steps in order, each within its timeout, matching `expect_error`.
 *
 * @module
 */
import type { Step } from "../model/scenario.ts";
import type { PeerState } from "./peer_state.ts";
import { runStepKind } from "./steps/mod.ts";
import { StepFailure, TimedOut } from "./errors.ts";
import { errorName } from "../common/error_name.ts";
import { compileRegex } from "../common/regex.ts";
import type { DatagramHistory } from "./datagram_history.ts";
import { describeDatagramHistory, diagnoseDatagram } from "./datagram_diagnosis.ts";

/** A step failed: the step and its cause, for the report. */
export class StepError extends Error {
  override name = "StepError";
  readonly step: Step;
  readonly peer: string;
  override readonly cause: unknown;
  /**
   * The step as it ran: its `{variables}` (`{round}`, `{instance}`, captures, `vars`) replaced
   * with their values at the time it failed; the step's source when it has none.
   */
  asRun: string;

  constructor(step: Step, peer: string, cause: unknown) {
    super(describeFailure(cause));
    this.step = step;
    this.peer = peer;
    this.cause = cause;
    this.asRun = step.source;
  }
}

/** Makes the {@linkcode StepError} of `step`, with the step as it ran on `peer`. */
function stepError(step: Step, peer: PeerState, cause: unknown): StepError {
  const error = new StepError(step, peer.name, cause);
  try {
    error.asRun = peer.expand(step.source);
  } catch {
    // A `{name.with.dots}` that was never set: the step is shown as written.
  }
  return error;
}

function describeFailure(cause: unknown): string {
  if (cause instanceof StepFailure) return cause.message;
  const name = errorName(cause);
  const message = cause instanceof Error ? cause.message : String(cause);
  return message.startsWith(name) ? message : `${name}: ${message}`;
}

/** Why an expected error does not do, when its message does not match `expect_message`. */
function messageMismatch(step: Step, cause: unknown): StepFailure | undefined {
  if (step.expectMessage === undefined) return undefined;
  const message = cause instanceof Error ? cause.message : String(cause);
  // RE2, as the loader checked it (`(?i)` and the like are RE2, not JavaScript, syntax).
  if (compileRegex(step.expectMessage).test(message)) return undefined;
  return new StepFailure(
    `expected ${errorName(cause)} with a message matching /${step.expectMessage}/, got: ${message}`,
  );
}

/**
 * A step's last wait is given what is left of the step's time: the message names the step's
 * timeout instead, which is what the scenario sets and what ran out.
 */
function withStepTimeout(error: unknown, step: Step): unknown {
  if (!(error instanceof TimedOut)) return error;
  const message = error.message.replace(
    /timed out after \d+ ms/,
    `timed out after ${step.timeoutMs} ms`,
  );
  const renamed = new TimedOut(message, { expected: error.expected, received: error.received });
  renamed.note = error.note;
  return renamed;
}

/**
 * What the last datagram received on a socket was, and what the socket sent and received: a step
 * that should have timed out got a datagram, and the history may say why (a duplicate, say).
 */
function datagramsSaid(history: DatagramHistory | undefined, label: string): string {
  const last = history?.lastReceived;
  if (history === undefined || last === undefined) return "";
  const what = diagnoseDatagram(last, history);
  return `${what === undefined ? "" : ` (${what})`}; ${describeDatagramHistory(history, label)}`;
}

/** The step with its `conn:` label expanded (`w{round}` names one connection a round). */
function expandLabel(step: Step, peer: PeerState): Step {
  return step.socket.includes("{") ? { ...step, socket: peer.expand(step.socket) } : step;
}

async function runStep(written: Step, peer: PeerState): Promise<void> {
  const deadlineAt = performance.now() + written.timeoutMs;
  let step = written;
  const eventsBefore = peer.ctx.record.events.length;
  try {
    step = expandLabel(written, peer);
    await runStepKind(step, peer, deadlineAt, runSteps);
  } catch (thrown) {
    peer.ctx.throwIfAborted();
    const error = withStepTimeout(thrown, step);
    // A step inside repeat or parallel failed: it is already recorded and located.
    const cause = error instanceof StepError ? error.cause : error;
    const name = errorName(cause);
    const mismatch = step.expectError.includes(name) ? messageMismatch(step, cause) : undefined;
    if (step.expectError.includes(name) && mismatch === undefined) {
      peer.ctx.record.add({
        peer: peer.name,
        conn: step.socket,
        kind: "error",
        detail: `${name} (expected)`,
      });
      return;
    }
    if (error instanceof StepError && mismatch === undefined) throw error;
    const failure = mismatch ?? error;
    peer.ctx.record.add({
      peer: peer.name,
      conn: step.socket,
      kind: "error",
      detail: describeFailure(failure),
    });
    throw stepError(step, peer, failure);
  }
  if (step.expectError.length > 0) {
    // Say what the step got instead: a datagram that should not have come, for example.
    const got = peer.ctx.record.events.slice(eventsBefore).filter((e) =>
      e.peer === peer.name && e.kind === "receive"
    );
    const bytes = got.reduce((sum, e) => sum + (e.bytes ?? 0), 0);
    const what = got.length > 0
      ? `: it received ${got.length} ${got.length === 1 ? "read" : "reads"} of ${bytes} bytes${
        datagramsSaid(peer.datagrams.get(step.socket)?.history, `${peer.name}/${step.socket}`)
      }`
      : "";
    throw stepError(
      step,
      peer,
      new StepFailure(`expected ${step.expectError.join(" or ")}, but the step succeeded${what}`),
    );
  }
}

/**
 * Runs steps in order.
 *
 * @throws {StepError} At the first step that fails, with the step and its cause.
 * @throws {import("./errors.ts").Aborted} When the run was stopped meanwhile.
 */
export async function runSteps(steps: Step[], peer: PeerState): Promise<void> {
  const { activeSteps } = peer.ctx;
  for (const [i, step] of steps.entries()) {
    peer.ctx.throwIfAborted();
    const active = activeSteps.enter(peer.name, step, {
      number: i + 1,
      socket: socketOf(step, peer),
    });
    try {
      await runStep(step, peer);
    } finally {
      activeSteps.leave(active);
    }
  }
}

/** The label of the socket a step acts on, its variables replaced when they can be. */
function socketOf(step: Step, peer: PeerState): string {
  try {
    return expandLabel(step, peer).socket;
  } catch {
    // A variable that is not set: the step itself fails on it and says so.
    return step.socket;
  }
}
