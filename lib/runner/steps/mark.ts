/** `mark`: tell other peers a point was reached. @module */
import { z } from "../../_deps/zod.ts";
import { defineStep } from "./_define.ts";

/** Sets a mark that other peers can wait for. */
export const markStep = defineStep({
  schema: z.string().min(1),
  doc: [
    [
      "`mark: name`",
      "set a barrier mark that other peers `wait` for",
    ],
  ],
  run(args, { peer }) {
    peer.ctx.barriers.mark(args);
    peer.ctx.record.add({ peer: peer.name, kind: "mark", detail: args });
    return Promise.resolve();
  },
});
