/**
 * Runs a scripted peer's steps in order, each within its timeout, matching `expect_error`.
 *
 * @module
 */
import type { Step } from "../scenario/model.ts";
import type { PeerState } from "./peer_state.ts";
import { STEP_RUNNERS } from "./steps/mod.ts";
import { errorName, StepFailure } from "./errors.ts";

/** A step failed: the step and its cause, for the report. */
export class StepError extends Error {
  override name = "StepError";
  readonly step: Step;
  readonly peer: string;
  override readonly cause: unknown;

  constructor(step: Step, peer: string, cause: unknown) {
    super(describeFailure(cause));
    this.step = step;
    this.peer = peer;
    this.cause = cause;
  }
}

function describeFailure(cause: unknown): string {
  if (cause instanceof StepFailure) return cause.message;
  const name = errorName(cause);
  const message = cause instanceof Error ? cause.message : String(cause);
  return message.startsWith(name) ? message : `${name}: ${message}`;
}

async function runStep(step: Step, peer: PeerState): Promise<void> {
  const deadlineAt = performance.now() + step.timeoutMs;
  const eventsBefore = peer.ctx.record.events.length;
  try {
    await STEP_RUNNERS[step.kind](step, peer, deadlineAt);
  } catch (error) {
    peer.ctx.throwIfAborted();
    // A step inside repeat or parallel failed: it is already recorded and located.
    const cause = error instanceof StepError ? error.cause : error;
    const name = errorName(cause);
    if (step.expectError.includes(name)) {
      peer.ctx.record.add({
        peer: peer.name,
        conn: step.conn,
        kind: "error",
        detail: `${name} (expected)`,
      });
      return;
    }
    if (error instanceof StepError) throw error;
    peer.ctx.record.add({
      peer: peer.name,
      conn: step.conn,
      kind: "error",
      detail: describeFailure(error),
    });
    throw new StepError(step, peer.name, error);
  }
  if (step.expectError.length > 0) {
    // Say what the step got instead: a datagram that should not have come, for example.
    const got = peer.ctx.record.events.slice(eventsBefore).filter((e) =>
      e.peer === peer.name && e.kind === "receive"
    );
    const bytes = got.reduce((sum, e) => sum + (e.bytes ?? 0), 0);
    const what = got.length > 0
      ? `: it received ${got.length} ${got.length === 1 ? "read" : "reads"} of ${bytes} bytes`
      : "";
    throw new StepError(
      step,
      peer.name,
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
  for (const step of steps) {
    peer.ctx.throwIfAborted();
    await runStep(step, peer);
  }
}
