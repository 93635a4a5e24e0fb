/** The shape of a step runner. @internal @module */
import type { Step } from "../../scenario/model.ts";
import type { PeerState } from "../peer_state.ts";

/**
 * Runs one step for one peer instance. Throws on failure; the caller handles timeouts that
 * span the step, `expect_error` and recording of the step.
 */
export type StepRunner = (step: Step, peer: PeerState, deadlineAt: number) => Promise<void>;

/** Milliseconds left before `deadlineAt` (a `performance.now()` time), at least 1. */
export function remainingMs(deadlineAt: number): number {
  return Math.max(1, Math.round(deadlineAt - performance.now()));
}
