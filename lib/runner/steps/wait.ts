/** `wait`: wait for another peer's mark. @module */
import type { StepRunner } from "./_types.ts";
import { remainingMs } from "./_types.ts";

/** Waits until another peer sets the mark. */
export const wait: StepRunner<"wait"> = async (step, peer, deadlineAt) => {
  await peer.ctx.barriers.wait(step.args, remainingMs(deadlineAt));
};
