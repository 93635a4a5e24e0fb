/** `repeat`: run steps several times, optionally timing each round. @module */
import { z } from "zod";
import { defineStep } from "./_define.ts";
import { conditionSchema, unmet } from "./_condition.ts";
import { StepFailure } from "../errors.ts";

/** Rounds of a `repeat` with `until` and no `times`: a bound, so a loop cannot run forever. */
const DEFAULT_UNTIL_ROUNDS = 1000;

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * Runs the child steps `times` times, or with `until` until the condition holds after a round
 * (at most `times` rounds, 1000 by default; failing when they run out). With `measure`, records
 * a timing event with the percentiles of the rounds' durations (µs), which the `latency` check
 * reads.
 */
export const repeatStep = defineStep({
  schema: (step: z.ZodType) =>
    z.strictObject({
      times: z.int().min(1).optional().meta({
        description: "Rounds; with until, the most rounds (1000)",
      }),
      until: conditionSchema.optional().meta({
        description: "Stop after the round when this holds (the forms of assert)",
      }),
      steps: z.array(step).min(1),
      measure: z.boolean().optional().meta({ description: "Record each round's duration" }),
    }).refine((value) => value.times !== undefined || value.until !== undefined, {
      message: "expected times, until, or both",
    }),
  doc: [
    [
      "`repeat: {times, steps, measure}`",
      "run steps again; `measure` records each round's time for `latency`",
    ],
    [
      "`repeat: {until: {marked: x}, times, steps}`",
      "run steps until a condition (the forms of `assert`) holds after a round; at most `times` (1000) rounds",
    ],
  ],
  async run(args, { step, peer, runSteps }) {
    const rounds: number[] = [];
    const most = args.times ?? DEFAULT_UNTIL_ROUNDS;
    let why: string | undefined;
    for (let i = 0; i < most; i++) {
      peer.locals.set("round", i);
      const start = performance.now();
      await runSteps(step.children, peer);
      rounds.push((performance.now() - start) * 1000);
      if (args.until === undefined) continue;
      why = unmet(args.until, peer);
      if (why === undefined) break;
    }
    if (why !== undefined) throw new StepFailure(`${why} after ${most} rounds`);
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
  },
});
