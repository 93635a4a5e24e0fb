/** `mark`: tell other peers a point was reached. @module */
import type { StepRunner } from "./_types.ts";

/** Sets a mark that other peers can wait for. */
export const mark: StepRunner<"mark"> = (step, peer) => {
  peer.ctx.barriers.mark(step.args);
  peer.ctx.record.add({ peer: peer.name, kind: "mark", detail: step.args });
  return Promise.resolve();
};
