/** `repeat`: run steps several times, optionally timing each round. @module */
import { z } from "../../_deps/zod.ts";
import { defineStep } from "./_define.ts";
import {
  createLatencyHistogram,
  recordLatencyMs,
  summarizeHistogram,
} from "../../common/histogram.ts";
import { conditionSchema, unmet } from "./_condition.ts";
import { StepFailure } from "../errors.ts";

/** Rounds of a `repeat` with `until` and no `times`: a bound, so a loop cannot run forever. */
const DEFAULT_UNTIL_ROUNDS = 1000;

/**
 * Runs the child steps `times` times, with `{round}` set to 1, 2, ..., or with `until` until the
 * condition holds after a round (at most `times` rounds, 1000 by default; failing when they run
 * out). With `measure`, records a timing event with the percentiles of the rounds' durations
 * (µs, from an HDR histogram: constant memory however many rounds, figures exact to 0.1 %),
 * which the `latency` check reads.
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
    const rounds = args.measure ? createLatencyHistogram() : undefined;
    const most = args.times ?? DEFAULT_UNTIL_ROUNDS;
    // `{round}` counts from 1, as `{instance}` does; an enclosing repeat gets its own back after.
    const outer = peer.locals.get("round");
    let why: string | undefined;
    for (let i = 1; i <= most; i++) {
      peer.locals.set("round", i);
      const start = performance.now();
      await runSteps(step.children, peer);
      if (rounds) recordLatencyMs(rounds, performance.now() - start);
      if (args.until === undefined) continue;
      why = unmet(args.until, peer);
      if (why === undefined) break;
    }
    if (outer !== undefined) peer.locals.set("round", outer);
    if (why !== undefined) throw new StepFailure(`${why} after ${most} rounds`);
    if (!rounds) return;
    const summary = summarizeHistogram(rounds);
    peer.ctx.record.add({
      peer: peer.name,
      kind: "timing",
      timing: {
        what: `round of ${step.source.slice(0, 60)}`,
        count: summary.count,
        minMicros: Math.round(summary.minMicros),
        p50Micros: Math.round(summary.p50Micros),
        p90Micros: Math.round(summary.p90Micros),
        p99Micros: Math.round(summary.p99Micros),
        maxMicros: Math.round(summary.maxMicros),
      },
    });
  },
});
