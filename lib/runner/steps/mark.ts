/** `mark`: tell other peers a point was reached. @module */
import type { StepRunner } from "./_types.ts";

/** Sets a mark that other peers can wait for. */
export const mark: StepRunner = (step, peer) => {
  peer.ctx.barriers.mark(step.args as string);
  peer.ctx.record.add({ peer: peer.name, kind: "mark", detail: step.args as string });
  return Promise.resolve();
};
