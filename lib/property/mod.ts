/**
 * Property checks: they read the record and nothing else, and return one verdict each.
 *
 * A new property is one file here and one line in {@linkcode PROPERTIES}.
 *
 * @module
 */
import type { RecordEvent } from "../record/event.ts";
import type { PropertyVerdict } from "../report/result.ts";
import type { CheckDocument } from "../scenario/schema.ts";
import type { Transport } from "../scenario/model.ts";
import type { CheckInput, Limit, Property } from "./_types.ts";
import { lossless } from "./lossless.ts";
import { noDuplicates } from "./no_duplicates.ts";
import { ordered } from "./ordered.ts";
import { boundaries, intact } from "./intact.ts";
import { latency } from "./latency.ts";

/** Counted properties by name. */
export const PROPERTIES: Record<string, Property> = {
  ordered,
  lossless,
  no_duplicates: noDuplicates,
  intact,
  boundaries,
};

const LIMIT_OF: Record<string, string> = {
  max_loss: "lossless",
  max_duplicates: "no_duplicates",
  max_reordered: "ordered",
};

function parseLimit(value: number | string): Limit {
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
 * boundaries, with no anomaly allowed. A listed property with nothing to check fails.
 *
 * @param transport Decides the default properties of datagram flows.
 * @returns One verdict a property.
 */
export function evaluateProperties(
  checks: CheckDocument[],
  events: readonly RecordEvent[],
  transport: Transport,
): PropertyVerdict[] {
  const input = inputOf(events);
  const wanted = new Map<string, Limit>();
  const bounds: Parameters<typeof latency>[1][] = [];
  for (const check of checks) {
    if (typeof check === "string") {
      if (!wanted.has(check)) wanted.set(check, { count: 0 });
    } else if ("latency" in check) {
      bounds.push(check.latency);
    } else {
      const [key, value] = Object.entries(check)[0] as [string, number | string];
      wanted.set(LIMIT_OF[key], parseLimit(value));
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
    ...[...wanted].map(([name, limit]) => PROPERTIES[name](input, limit)),
    ...bounds.map((bound) => latency(input, bound)),
  ];
}
