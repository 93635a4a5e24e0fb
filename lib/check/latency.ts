/** `latency`: round durations below bounds, as percentiles. @module */
import { z } from "../_deps/zod.ts";
import type { CheckVerdict } from "../common/verdict.ts";
import { durationField } from "../common/fields.ts";
import type { CheckInput } from "./_types.ts";
import { nothingToCheck } from "./_types.ts";

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

/** Checks every timing event of the record (from `repeat` with `measure`) against `bound`. */
export function latency(input: CheckInput, bound: LatencyBound): CheckVerdict {
  const timings = input.events.filter((e) => e.kind === "timing" && e.timing);
  if (timings.length === 0) {
    return nothingToCheck("latency", "no repeat step with measure: true ran");
  }
  const problems: string[] = [];
  const found: string[] = [];
  for (const event of timings) {
    const timing = event.timing!;
    for (
      const [key, field] of Object.entries(FIELDS) as [
        keyof LatencyBound,
        typeof FIELDS[keyof LatencyBound],
      ][]
    ) {
      const limitMs = bound[key];
      const valueMs = timing[field] / 1000;
      found.push(`${key} ${valueMs.toFixed(3)} ms`);
      if (limitMs !== undefined && valueMs > limitMs) {
        problems.push(`${event.peer}: ${key} ${valueMs.toFixed(3)} ms > ${limitMs} ms`);
      }
    }
  }
  return {
    name: "latency",
    ok: problems.length === 0,
    detail: problems.length > 0
      ? problems.join("; ")
      : `${timings[0].timing!.count} rounds: ${found.slice(0, 4).join(", ")}`,
  };
}
