/** `latency`: round durations below bounds, as percentiles. @module */
import { z } from "../_deps/zod.ts";
import type { CheckVerdict } from "../common/verdict.ts";
import { durationField } from "../common/fields.ts";
import type { CheckInput } from "./_types.ts";
import { nothingToCheck } from "./_types.ts";
import { explainSlowRounds } from "./_stall.ts";

/** Bounds in ms on percentiles of the measured rounds; unset ones are not checked. */
export interface LatencyBound {
  /** Median round, in ms. */
  p50?: number;
  /** 90th percentile, in ms. */
  p90?: number;
  /** 99th percentile, in ms. */
  p99?: number;
  /** Slowest round, in ms. */
  max?: number;
}

/** The schema of `latency:` bounds: durations for percentiles of the measured rounds. */
export const latencyBoundSchema: z.ZodType<LatencyBound> = z.strictObject({
  p50: durationField.optional(),
  p90: durationField.optional(),
  p99: durationField.optional(),
  max: durationField.optional(),
});

const FIELDS = { p50: "p50Micros", p90: "p90Micros", p99: "p99Micros", max: "maxMicros" } as const;

/** Problems listed by name in a verdict; the rest are counted, so a load of many clients stays one short line. */
const LISTED = 3;

/**
 * Checks every timing event of the record (from `repeat` with `measure`) against `bound`. With
 * many timed peers (a load test's clients), the verdict names the worst figures and the first
 * few peers over a bound, and counts the rest.
 */
export function latency(input: CheckInput, bound: LatencyBound): CheckVerdict {
  const timings = input.events.filter((e) => e.kind === "timing" && e.timing);
  if (timings.length === 0) {
    return nothingToCheck("latency", "no repeat step with measure: true ran");
  }
  const problems: string[] = [];
  const worst = new Map<keyof LatencyBound, { valueMs: number; peer: string }>();
  const keys = Object.entries(FIELDS) as [keyof LatencyBound, typeof FIELDS[keyof LatencyBound]][];
  for (const event of timings) {
    const timing = event.timing!;
    const before = problems.length;
    for (const [key, field] of keys) {
      const limitMs = bound[key];
      const valueMs = timing[field] / 1000;
      if (valueMs >= (worst.get(key)?.valueMs ?? -Infinity)) {
        worst.set(key, { valueMs, peer: event.peer });
      }
      if (limitMs !== undefined && valueMs > limitMs) {
        problems.push(`${event.peer}: ${key} ${valueMs.toFixed(3)} ms > ${limitMs} ms`);
      }
    }
    const why = problems.length > before
      ? explainSlowRounds(timing, event.peer, input.events)
      : undefined;
    if (why) problems.push(`${event.peer}: ${why}`);
  }
  const many = timings.length > 1;
  const found = keys.map(([key]) => {
    const w = worst.get(key)!;
    return `${key} ${w.valueMs.toFixed(3)} ms${many ? ` (${w.peer})` : ""}`;
  });
  const listed = problems.slice(0, LISTED).join("; ");
  const more = problems.length > LISTED ? `; and ${problems.length - LISTED} more` : "";
  const what = many
    ? `${timings.length} timings of ${timings[0].timing!.count} rounds, worst`
    : `${timings[0].timing!.count} rounds:`;
  return {
    name: "latency",
    ok: problems.length === 0,
    detail: problems.length > 0 ? `${listed}${more}` : `${what} ${found.join(", ")}`,
  };
}
