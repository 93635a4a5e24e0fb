/** `request`: one request/response exchange, timed by a load test. @module */
import type { StepRunner } from "./_types.ts";
import { runSteps } from "../run_steps.ts";

/**
 * Runs the request's steps (send, then receive) and tells the peer's `requestDone` listener
 * when they succeeded, so that a load test can time each exchange.
 */
export const request: StepRunner = async (step, peer) => {
  const startMs = performance.now();
  await runSteps(step.children, peer);
  peer.requestDone?.(startMs, performance.now());
};
