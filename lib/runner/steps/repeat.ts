/** `repeat`: run steps several times, optionally timing each round. @module */
import type { StepRunner } from "./_types.ts";
import type { Step } from "../../scenario/model.ts";
import { runSteps } from "../run_steps.ts";

interface RepeatArgs {
  times: number;
  measure?: boolean;
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * Runs the child steps `times` times, with `{round}` set to 1, 2, ... `times`. With `measure`, records a timing event with the
 * percentiles of the rounds' durations (µs), which the `latency` check reads.
 */
export const repeat: StepRunner = async (step: Step, peer) => {
  const args = step.args as RepeatArgs;
  const rounds: number[] = [];
  // `{round}` counts from 1, as `{instance}` does; an enclosing repeat gets its own back after.
  const outer = peer.locals.get("round");
  for (let i = 1; i <= args.times; i++) {
    peer.locals.set("round", i);
    const start = performance.now();
    await runSteps(step.children, peer);
    rounds.push((performance.now() - start) * 1000);
  }
  if (outer !== undefined) peer.locals.set("round", outer);
  if (!args.measure) return;
  rounds.sort((a, b) => a - b);
  peer.ctx.record.add({
    peer: peer.name,
    kind: "timing",
    timing: {
      what: `round of ${step.source.slice(0, 60)}`,
      count: rounds.length,
      minMicros: Math.round(rounds[0]),
      p50Micros: Math.round(percentile(rounds, 0.5)),
      p90Micros: Math.round(percentile(rounds, 0.9)),
      p99Micros: Math.round(percentile(rounds, 0.99)),
      maxMicros: Math.round(rounds[rounds.length - 1]),
    },
  });
};
