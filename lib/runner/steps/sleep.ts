/** `sleep`: pause a peer. @module */
import { defineStep } from "./_define.ts";
import { durationField } from "../../common/fields.ts";
import { sleepUnlessAborted } from "./_sleep.ts";

/** Sleeps for the step's duration, in ms. */
export const sleepStep = defineStep({
  schema: durationField,
  doc: [
    [
      "`sleep: 100ms`",
      "wait",
    ],
  ],
  async run(args, { peer }) {
    await sleepUnlessAborted(args, peer.ctx.signal);
  },
});
