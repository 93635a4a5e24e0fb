/** `repeat`: run steps several times, optionally timing each round. @module */
import { z } from "zod";
import { defineStep } from "./_define.ts";

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * Runs the child steps `times` times. With `measure`, records a timing event with the
 * percentiles of the rounds' durations (µs), which the `latency` check reads.
 */
export const repeatStep = defineStep({
  schema: (step: z.ZodType) =>
    z.strictObject({
      times: z.int().min(1),
      steps: z.array(step).min(1),
      measure: z.boolean().optional().meta({ description: "Record each round's duration" }),
    }),
  doc: [
    [
      "`repeat: {times, steps, measure}`",
      "run steps again; `measure` records each round's time for `latency`",
    ],
  ],
  async run(args, { step, peer, runSteps }) {
    const rounds: number[] = [];
    for (let i = 0; i < args.times; i++) {
      peer.locals.set("round", i);
      const start = performance.now();
      await runSteps(step.children, peer);
      rounds.push((performance.now() - start) * 1000);
    }
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
