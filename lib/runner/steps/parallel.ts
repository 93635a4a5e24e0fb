/** `parallel`: run step lists at once on one peer. @module */
import { z } from "../../_deps/zod.ts";
import { defineStep } from "./_define.ts";

/**
 * Runs each branch's steps at once, sharing the peer's connections: one branch can send while
 * another receives, as a full-duplex peer must when neither side's buffers can hold the whole
 * exchange (a Unix datagram echo blocks once the client's queue of net.unix.max_dgram_qlen
 * datagrams is full). A failing branch fails the step; the others are stopped with the run.
 */
export const parallelStep = defineStep({
  schema: (step: z.ZodType) => z.array(z.array(step).min(1)).min(2),
  doc: [
    [
      "`parallel: [[steps], [steps]]`",
      "run step lists at once on one peer: send in one, receive in the other (full duplex)",
    ],
  ],
  async run(_args, { step, peer, runSteps }) {
    await Promise.all(step.branches.map((branch) => runSteps(branch, peer)));
  },
});
