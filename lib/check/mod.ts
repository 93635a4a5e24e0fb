/**
 * Checks: they read the record and nothing else, and return one verdict each.
 *
 * A new check is one file here and one line in the registry, {@linkcode CHECKS}.
 *
 * @module
 */
import type { RecordEvent } from "../record/event.ts";
import type { CheckVerdict } from "../common/verdict.ts";
import type { CheckDocument } from "./schema.ts";
import type { Transport } from "../common/transport.ts";
import type { Bound, CheckInput, Limit } from "./_types.ts";
import { CHECK_OF_LIMIT, CHECK_OF_MINIMUM, CHECKS } from "./registry.ts";
import { latency } from "./latency.ts";

export { CHECKS } from "./registry.ts";

function parseLimit(value: number | string): Bound {
  return typeof value === "number" ? { count: value } : { fraction: parseFloat(value) / 100 };
}

function inputOf(events: readonly RecordEvent[]): CheckInput {
  const where = (e: RecordEvent) => `${e.peer}/${e.conn ?? "-"}`;
  return {
    streams: events.filter((e) => e.stream).map((e) => ({ where: where(e), summary: e.stream! })),
    datagrams: events.filter((e) => e.datagram).map((e) => ({
      where: where(e),
      summary: e.datagram!,
    })),
    events,
  };
}

/**
 * Checks `checks` against the record. Without checks, every verified stream is checked for
 * ordered, lossless, no_duplicates and intact, and every verified datagram flow also for
 * boundaries, with no anomaly allowed. A listed check with nothing to check fails.
 *
 * @param transport Decides the default checks of datagram flows.
 * @returns One verdict a check.
 */
export function evaluateChecks(
  checks: CheckDocument[],
  events: readonly RecordEvent[],
  transport: Transport,
): CheckVerdict[] {
  const input = inputOf(events);
  const wanted = new Map<string, Limit>();
  const bounds: Parameters<typeof latency>[1][] = [];
  for (const check of checks) {
    if (typeof check === "string") {
      if (!wanted.has(check)) wanted.set(check, { count: 0 });
    } else if ("latency" in check && typeof check.latency === "object") {
      bounds.push(check.latency);
    } else {
      const [key, value] = Object.entries(check)[0] as [string, number | string];
      const minimum = CHECK_OF_MINIMUM.get(key);
      const name = (CHECK_OF_LIMIT.get(key) ?? minimum)!.checkName;
      const known = wanted.get(name);
      wanted.set(
        name,
        minimum !== undefined
          ? { ...(known ?? { count: Infinity }), atLeast: parseLimit(value) }
          : { ...parseLimit(value), atLeast: known?.atLeast },
      );
    }
  }
  if (checks.length === 0) {
    const datagram = transport === "udp" || transport === "unixgram";
    if (input.streams.length > 0 || input.datagrams.length > 0) {
      for (
        const name of [
          "ordered",
          "lossless",
          "no_duplicates",
          "intact",
          ...datagram ? ["boundaries"] : [],
        ]
      ) {
        wanted.set(name, { count: 0 });
      }
    }
  }
  return [
    ...[...wanted].map(([name, limit]) => CHECKS[name](input, limit)),
    ...bounds.map((bound) => latency(input, bound)),
  ];
}
