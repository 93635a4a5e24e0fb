/** `sleep`, `mark` and `wait`: timing and ordering between peers. @module */
import type { StepRunner } from "./_types.ts";
import { remainingMs } from "./_types.ts";
import { sleepUnlessAborted } from "./_sleep.ts";

/** Sleeps for the step's duration, in ms. */
export const sleep: StepRunner = async (step, peer) => {
  await sleepUnlessAborted(step.args as number, peer.ctx.signal);
};

/** Sets a mark that other peers can wait for. */
export const mark: StepRunner = (step, peer) => {
  peer.ctx.barriers.mark(step.args as string);
  peer.ctx.record.add({ peer: peer.name, kind: "mark", detail: step.args as string });
  return Promise.resolve();
};

/** Waits until another peer sets the mark. */
export const wait: StepRunner = async (step, peer, deadlineAt) => {
  await peer.ctx.barriers.wait(step.args as string, remainingMs(deadlineAt));
};
