/** `wait`: wait for another peer's mark. @module */
import { z } from "../../_deps/zod.ts";
import { defineStep } from "./_define.ts";
import { remainingMs } from "./_define.ts";

/** Waits until another peer sets the mark. */
export const waitStep = defineStep({
  schema: z.string().min(1),
  doc: [
    [
      "`wait: name`",
      "wait until another peer sets the mark",
    ],
  ],
  async run(args, { peer, deadlineAt }) {
    await peer.ctx.barriers.wait(args, remainingMs(deadlineAt));
  },
});
