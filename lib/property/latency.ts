/** `latency`: round durations below bounds, as percentiles. @module */
import type { PropertyVerdict } from "../report/result.ts";
import type { CheckInput } from "./_types.ts";
import { nothingToCheck } from "./_types.ts";
import { explainSlowRounds } from "./_stall.ts";

/** Bounds in ms on percentiles of measured rounds. */
export interface LatencyBound {
  p50?: number;
  p90?: number;
  p99?: number;
  max?: number;
}

const FIELDS = { p50: "p50Micros", p90: "p90Micros", p99: "p99Micros", max: "maxMicros" } as const;

/** Checks every timing event of the record (from `repeat` with `measure`) against `bound`. */
export function latency(input: CheckInput, bound: LatencyBound): PropertyVerdict {
  const timings = input.events.filter((e) => e.kind === "timing" && e.timing);
  if (timings.length === 0) {
    return nothingToCheck("latency", "no repeat step with measure: true ran");
  }
  const problems: string[] = [];
  const found: string[] = [];
  for (const event of timings) {
    const timing = event.timing!;
    const before = problems.length;
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
    const why = problems.length > before
      ? explainSlowRounds(timing, event.peer, input.events)
      : undefined;
    if (why) problems.push(`${event.peer}: ${why}`);
  }
  return {
    name: "latency",
    ok: problems.length === 0,
    detail: problems.length > 0
      ? problems.join("; ")
      : `${timings[0].timing!.count} rounds: ${found.slice(0, 4).join(", ")}`,
  };
}
