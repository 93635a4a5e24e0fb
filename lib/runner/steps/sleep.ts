/** `sleep`: pause a peer. @module */
import type { StepRunner } from "./_types.ts";
import { sleepUnlessAborted } from "./_sleep.ts";

/** Sleeps for the step's duration, in ms. */
export const sleep: StepRunner<"sleep"> = async (step, peer) => {
  await sleepUnlessAborted(step.args, peer.ctx.signal);
};
