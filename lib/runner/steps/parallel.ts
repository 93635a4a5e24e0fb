/** `parallel`: run step lists at once on one peer. @module */
import type { StepRunner } from "./_types.ts";

/**
 * Runs each branch's steps at once, sharing the peer's connections: one branch can send while
 * another receives, as a full-duplex peer must when neither side's buffers can hold the whole
 * exchange (a Unix datagram echo blocks once the client's queue of net.unix.max_dgram_qlen
 * datagrams is full). A failing branch fails the step; the others are stopped with the run.
 */
export const parallel: StepRunner<"parallel"> = async (step, peer, _deadlineAt, runSteps) => {
  await Promise.all(step.branches.map((branch) => runSteps(branch, peer)));
};
