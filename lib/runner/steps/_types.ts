/** The shape of a step runner. @internal @module */
import type { Step, StepOf } from "../../scenario/model.ts";
import type { StepKind } from "../../scenario/step_schema.ts";
import type { PeerState } from "../peer_state.ts";

/** Runs a list of steps in order for one peer: what `repeat` and `parallel` call. */
export type RunSteps = (steps: Step[], peer: PeerState) => Promise<void>;

/**
 * Runs one step of kind `K` for one peer instance; `step.args` is typed by the kind's schema.
 * Throws on failure; the caller handles timeouts that span the step, `expect_error` and
 * recording of the step.
 *
 * @param deadlineAt When the step times out, a `performance.now()` time in ms.
 * @param runSteps Runs nested steps (passed in, so that steps do not import the step loop).
 */
export type StepRunner<K extends StepKind> = (
  step: StepOf<K>,
  peer: PeerState,
  deadlineAt: number,
  runSteps: RunSteps,
) => Promise<void>;

/** Milliseconds left before `deadlineAt` (a `performance.now()` time), at least 1. */
export function remainingMs(deadlineAt: number): number {
  return Math.max(1, Math.round(deadlineAt - performance.now()));
}
