/** `request`: one request/response exchange, timed by a load test. @module */
import { z } from "../../_deps/zod.ts";
import { defineStep } from "./_define.ts";

/**
 * Runs the request's steps (send, then receive) and tells the peer's `requestDone` listener
 * when they succeeded, so that a load test (`--load`) can time each exchange and pipeline them;
 * a plain run just runs the steps.
 */
export const requestStep = defineStep({
  schema: (step: z.ZodType) => z.array(step).min(1),
  doc: [
    [
      "`request: [send, receive]`",
      "one request/response exchange: a load test (`--load`) times and can pipeline each one",
    ],
  ],
  async run(_args, { step, peer, runSteps }) {
    const startMs = performance.now();
    await runSteps(step.children, peer);
    peer.requestDone?.(startMs, performance.now());
  },
});
