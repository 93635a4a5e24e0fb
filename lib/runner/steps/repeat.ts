/** `repeat`: run steps several times, optionally timing each round. @module */
import { z } from "../../_deps/zod.ts";
import { defineStep } from "./_define.ts";
import {
  createLatencyHistogram,
  recordLatencyMs,
  summarizeHistogram,
} from "../../common/histogram.ts";

/**
 * Runs the child steps `times` times, with `{round}` set to 1, 2, ... `times`. With `measure`, records a timing event with the
 * percentiles of the rounds' durations (µs, from an HDR histogram: constant memory however
 * many rounds, figures exact to 0.1 %), which the `latency` check reads.
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
    const rounds = args.measure ? createLatencyHistogram() : undefined;
    // `{round}` counts from 1, as `{instance}` does; an enclosing repeat gets its own back after.
    const outer = peer.locals.get("round");
    for (let i = 1; i <= args.times; i++) {
      peer.locals.set("round", i);
      const start = performance.now();
      await runSteps(step.children, peer);
      if (rounds) recordLatencyMs(rounds, performance.now() - start);
    }
    if (outer !== undefined) peer.locals.set("round", outer);
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
