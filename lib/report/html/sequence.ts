/**
 * A sequence diagram of one run, drawn from its record: one lifeline per peer (clients, the
 * fault relay, servers), one row per event or per repeated group of events, in time order.
 *
 * @module
 */
import type { RecordEvent } from "../../record/event.ts";
import type { Failure } from "../result.ts";

/** What a row draws: an arrow between two lifelines, or a note on one. */
export type RowShape = "arrow" | "note";

/** One row of a {@linkcode SequenceDiagram}: an event, or a group of repeated events. */
export interface SequenceRow {
  shape: RowShape;
  /** Event kind of the row (`send`, `receive`, `fault`, ...). */
  kind: RecordEvent["kind"];
  /** Lifeline the arrow starts from, or the note's lifeline. */
  from: string;
  /** Lifeline the arrow points to (equal to `from` for a note). */
  to: string;
  /** Text on the row, for example `send 20 B "Hello"`. */
  label: string;
  /** Time of the first event of the row, in µs since the run started. */
  timeMicros: number;
  /** Time of the last event of the row, in µs. */
  lastTimeMicros: number;
  /** Events the row stands for (more than 1 when repeated steps were collapsed). */
  count: number;
  /** The fault kind, on the relay's fault decisions. */
  fault?: string;
  /** True on the step that failed the run. */
  failing: boolean;
  /** True on dashed arrows: receive, EOF and accept (the side that is acted upon). */
  dashed: boolean;
}

/** A sequence diagram: lifelines left to right, rows top to bottom. */
export interface SequenceDiagram {
  lifelines: string[];
  rows: SequenceRow[];
  /** Rows left out in the middle of a very long run (0 when none). */
  omittedRows: number;
  /** Index of the row after which rows were left out (-1 when none). */
  omittedAfter: number;
}

/** Options of {@linkcode buildSequence}. */
export interface BuildSequenceOptions {
  /** The run's failure, to mark the failing step. */
  failure?: Failure;
  /** Rows kept at most; the middle of a longer diagram is left out. @default {400} */
  maxRows?: number;
  /** Longest block of steps that is collapsed when it repeats. @default {6} */
  maxPeriod?: number;
  /**
   * A burst of at least this many arrows and fault decisions, with no pause longer than
   * `breakMicros` and no failing step, is summed up as one row per kind of step. @default {12}
   */
  burstSteps?: number;
  /** A pause that ends a burst, in µs. @default {10000} */
  breakMicros?: number;
  /**
   * Instances of one peer (`client#1`, `client#2`, ...) drawn as lifelines of their own, at
   * most; more share one lifeline, `client#*`. @default {4}
   */
  maxInstances?: number;
}

/** One event resolved to lifelines, before collapsing. */
interface Step {
  event: RecordEvent;
  shape: RowShape;
  from: string;
  to: string;
  failing: boolean;
  /** What makes two steps "the same step repeated". */
  key: string;
}

const RELAY = "relay";
const DRAWN = new Set<RecordEvent["kind"]>([
  "listen",
  "accept",
  "connect",
  "send",
  "receive",
  "eof",
  "close_write",
  "close",
  "error",
  "mark",
  "fault",
  "stream_check",
  "datagram_check",
  "timing",
]);
const ACTED_UPON = new Set<RecordEvent["kind"]>(["receive", "eof", "accept"]);
const NOTES = new Set<RecordEvent["kind"]>([
  "listen",
  "error",
  "mark",
  "fault",
  "stream_check",
  "datagram_check",
  "timing",
]);

/**
 * Builds the sequence diagram of a record.
 *
 * Peers are lifelines: clients, then the relay, then servers (a peer is a server when it accepts
 * or its name starts with `server`). A send, close_write or close is an arrow from the peer to
 * the other end of its connection; a receive, EOF or accept an arrow from the other end to the
 * peer. With a relay the other end is the relay. Listens, errors, marks, check results and the
 * relay's fault decisions are notes. Long runs are shortened two ways: a burst of arrows and
 * fault decisions (`burstSteps` or more, no long pause, interleaved in any order) becomes one row
 * per kind of step in the order they first occur; elsewhere, blocks of up to `maxPeriod` steps
 * that repeat three times or more become one row each. Collapsed rows carry counts and byte
 * totals.
 *
 * @example
 * ```ts
 * import { buildSequence } from "./sequence.ts";
 * const diagram = buildSequence([
 *   { timeMicros: 5, peer: "client", conn: "main", kind: "connect" },
 *   { timeMicros: 9, peer: "server", conn: "c1", kind: "accept" },
 *   { timeMicros: 12, peer: "client", conn: "main", kind: "send", bytes: 3, preview: "hi\\n" },
 * ]);
 * console.assert(diagram.lifelines.join() === "client,server");
 * console.assert(diagram.rows[2].label === 'send 3 B "hi\\n"');
 * ```
 */
export function buildSequence(
  events: readonly RecordEvent[],
  options: BuildSequenceOptions = {},
): SequenceDiagram {
  const drawn = groupInstances(events.filter((e) => DRAWN.has(e.kind)), options.maxInstances ?? 4);
  const lifelines = orderLifelines(drawn);
  const failingIndex = failingEvent(drawn, options.failure);
  const resolve = counterparts(drawn, lifelines);
  const steps = drawn.map((event, i) => toStep(event, resolve(event), i === failingIndex));
  const rows = segments(steps, options.burstSteps ?? 12, options.breakMicros ?? 10_000).flatMap((
    segment,
  ) => segment.burst ? summarise(segment.steps) : collapse(segment.steps, options.maxPeriod ?? 6));
  return limitRows(rows, options.maxRows ?? 400, lifelines);
}

/** Puts the instances of a peer on one lifeline (`client#*`) when there are many. */
function groupInstances(events: RecordEvent[], maxInstances: number): RecordEvent[] {
  const instances = new Map<string, Set<string>>();
  for (const { peer } of events) {
    const base = /^(.*)#\d+$/.exec(peer)?.[1];
    if (base !== undefined) instances.set(base, (instances.get(base) ?? new Set()).add(peer));
  }
  const grouped = new Set([...instances].filter(([, s]) => s.size > maxInstances).map(([b]) => b));
  if (grouped.size === 0) return events;
  return events.map((event) => {
    const base = /^(.*)#\d+$/.exec(event.peer)?.[1];
    return base !== undefined && grouped.has(base) ? { ...event, peer: `${base}#*` } : event;
  });
}

function isServer(peer: string, events: readonly RecordEvent[]): boolean {
  return peer.startsWith("server") || events.some((e) => e.peer === peer && e.kind === "accept");
}

function orderLifelines(events: readonly RecordEvent[]): string[] {
  const peers = [...new Set(events.map((e) => e.peer))];
  const servers = peers.filter((p) => p !== RELAY && isServer(p, events));
  const clients = peers.filter((p) => p !== RELAY && !servers.includes(p));
  return [...clients, ...(peers.includes(RELAY) ? [RELAY] : []), ...servers];
}

/** Index of the event that failed the run, if the record shows it. */
function failingEvent(events: readonly RecordEvent[], failure: Failure | undefined): number {
  if (!failure) return -1;
  const unexpected = (e: RecordEvent) => e.kind === "error" && !e.detail?.endsWith("(expected)");
  const error = findLastIndex(events, (e) => unexpected(e) && e.peer === failure.peer);
  if (error >= 0) return error;
  const check = findLastIndex(events, (e) => hasProblem(e));
  if (check >= 0) return check;
  return findLastIndex(events, unexpected);
}

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return i;
  return -1;
}

function hasProblem(event: RecordEvent): boolean {
  const s = event.stream;
  if (s) return s.lostBytes + s.duplicatedBytes + s.reorderedBytes + s.corruptedBytes > 0;
  const d = event.datagram;
  if (d) return d.lost + d.duplicated + d.reordered + d.truncated + d.corrupted > 0;
  return false;
}

/** Addresses in a connect (`local -> remote`), accept (`local <- remote`) or datagram detail. */
function addresses(event: RecordEvent): { local?: string; remote?: string } {
  const detail = event.detail ?? "";
  const connect = /^(\S+) -> (\S+)/.exec(detail);
  if (connect) return { local: connect[1], remote: connect[2] };
  const accept = /^(\S+) <- (\S+)/.exec(detail);
  if (accept) return { local: accept[1], remote: accept[2] };
  const datagram = /^(?:to|from) (\S+)/.exec(detail);
  if (datagram) return { remote: datagram[1] };
  if (event.kind === "listen") return { local: detail };
  return {};
}

/**
 * A function giving each event the lifeline at the other end of its connection: the relay when
 * there is one, else the peer whose address matches, else the first peer of the other side.
 */
function counterparts(
  events: readonly RecordEvent[],
  lifelines: readonly string[],
): (event: RecordEvent) => string {
  const hasRelay = lifelines.includes(RELAY);
  const servers = lifelines.filter((p) => p !== RELAY && isServer(p, events));
  const clients = lifelines.filter((p) => p !== RELAY && !servers.includes(p));
  const byAddress = new Map<string, string>();
  const byConn = new Map<string, string>();
  for (const event of events) {
    const { local } = addresses(event);
    if (local && local !== "(unnamed)" && event.peer !== RELAY) byAddress.set(local, event.peer);
  }
  for (const event of events) {
    const { remote } = addresses(event);
    const peer = remote ? byAddress.get(remote) : undefined;
    if (peer && peer !== event.peer) byConn.set(`${event.peer}\u0000${event.conn ?? ""}`, peer);
  }
  return (event) => {
    if (event.peer === RELAY) {
      const toClient = event.kind === "accept" || event.detail?.startsWith("to_client");
      return (toClient ? clients[0] : servers[0]) ?? RELAY;
    }
    if (hasRelay) return RELAY;
    const known = byConn.get(`${event.peer}\u0000${event.conn ?? ""}`);
    if (known) return known;
    const others = servers.includes(event.peer) ? clients : servers;
    return others[0] ?? event.peer;
  };
}

function toStep(event: RecordEvent, other: string, failing: boolean): Step {
  const note = NOTES.has(event.kind) || other === event.peer;
  const [from, to] = note
    ? [event.peer, event.peer]
    : ACTED_UPON.has(event.kind)
    ? [other, event.peer]
    : [event.peer, other];
  const shape: RowShape = note ? "note" : "arrow";
  const key = [shape, event.kind, from, to, event.fault ?? "", failing].join("\u0000");
  return { event, shape, from, to, failing, key };
}

function burstable(step: Step): boolean {
  return !step.failing && (step.shape === "arrow" || step.event.kind === "fault");
}

/** Splits steps into bursts and the stretches between them. */
function segments(
  steps: readonly Step[],
  burstSteps: number,
  breakMicros: number,
): { burst: boolean; steps: Step[] }[] {
  const out: { burst: boolean; steps: Step[] }[] = [];
  let i = 0;
  while (i < steps.length) {
    let j = i;
    while (
      j < steps.length && burstable(steps[j]) &&
      (j === i || steps[j].event.timeMicros - steps[j - 1].event.timeMicros <= breakMicros)
    ) j++;
    const burst = j - i >= burstSteps;
    const end = j === i ? i + 1 : j;
    const last = out[out.length - 1];
    if (!burst && last && !last.burst) last.steps.push(...steps.slice(i, end));
    else out.push({ burst, steps: steps.slice(i, end) });
    i = end;
  }
  return out;
}

/** One row per kind of step of a burst, in the order each kind first occurs. */
function summarise(steps: readonly Step[]): SequenceRow[] {
  const groups = new Map<string, Step[]>();
  for (const step of steps) {
    const group = groups.get(step.key);
    if (group) group.push(step);
    else groups.set(step.key, [step]);
  }
  return [...groups.values()].map(toRow);
}

/** Merges repeated blocks of steps (period 1 to `maxPeriod`, three repeats or more). */
function collapse(steps: readonly Step[], maxPeriod: number): SequenceRow[] {
  const rows: SequenceRow[] = [];
  let i = 0;
  while (i < steps.length) {
    const { period, repeats } = bestRepeat(steps, i, maxPeriod);
    if (repeats >= 3) {
      for (let k = 0; k < period; k++) {
        const group = Array.from({ length: repeats }, (_, r) => steps[i + r * period + k]);
        rows.push(toRow(group));
      }
      i += period * repeats;
    } else {
      rows.push(toRow([steps[i]]));
      i++;
    }
  }
  return rows;
}

/** The period whose block, starting at `start`, repeats over the most steps. */
function bestRepeat(
  steps: readonly Step[],
  start: number,
  maxPeriod: number,
): { period: number; repeats: number } {
  let best = { period: 1, repeats: 1 };
  for (let period = 1; period <= maxPeriod; period++) {
    let repeats = 1;
    while (sameBlock(steps, start, start + repeats * period, period)) repeats++;
    if (repeats >= 3 && repeats * period > best.repeats * best.period) best = { period, repeats };
  }
  return best;
}

function sameBlock(steps: readonly Step[], a: number, b: number, period: number): boolean {
  if (b + period > steps.length) return false;
  for (let k = 0; k < period; k++) if (steps[a + k].key !== steps[b + k].key) return false;
  return true;
}

function toRow(group: readonly Step[]): SequenceRow {
  const first = group[0];
  return {
    shape: first.shape,
    kind: first.event.kind,
    from: first.from,
    to: first.to,
    label: group.length === 1 ? describe(first.event) : describeGroup(group.map((s) => s.event)),
    timeMicros: first.event.timeMicros,
    lastTimeMicros: group[group.length - 1].event.timeMicros,
    count: group.length,
    ...(first.event.fault ? { fault: first.event.fault } : {}),
    failing: first.failing,
    dashed: first.shape === "arrow" && ACTED_UPON.has(first.event.kind),
  };
}

function formatBytes(bytes: number): string {
  if (bytes >= 1 << 20 && bytes % (1 << 10) === 0) return `${+(bytes / (1 << 20)).toFixed(2)} MiB`;
  if (bytes >= 1 << 10 && bytes % (1 << 10) === 0) return `${bytes / (1 << 10)} KiB`;
  return `${bytes} B`;
}

function where(event: RecordEvent): string {
  if (event.seq !== undefined) return ` #${event.seq}`;
  if (event.offset !== undefined && event.kind !== "eof") return ` @${event.offset}`;
  return "";
}

/** The label of one event. */
function describe(event: RecordEvent): string {
  const preview = event.preview !== undefined ? ` "${event.preview}"` : "";
  switch (event.kind) {
    case "send":
    case "receive":
      return `${event.kind} ${formatBytes(event.bytes ?? 0)}${where(event)}${preview}`;
    case "eof":
      return `EOF after ${formatBytes(event.offset ?? 0)}`;
    case "close_write":
      return "close_write (half-close)";
    case "fault":
      return `${event.fault}: ${event.detail ?? ""}`;
    case "stream_check": {
      const s = event.stream!;
      return `check ${s.pattern}: ${
        formatBytes(s.receivedBytes)
      } received, ${s.lostBytes} B lost, ` +
        `${s.duplicatedBytes} B duplicated, ${s.reorderedBytes} B reordered, ` +
        `${s.corruptedBytes} B corrupted`;
    }
    case "datagram_check": {
      const d = event.datagram!;
      return `check: ${d.received} of ${d.sent} datagrams, ${d.lost} lost, ${d.duplicated} ` +
        `duplicated, ${d.reordered} reordered, ${d.truncated} truncated`;
    }
    case "timing": {
      const t = event.timing!;
      return `${t.what}: p50 ${t.p50Micros} µs, p99 ${t.p99Micros} µs over ${t.count}`;
    }
    default:
      return event.detail ? `${event.kind} ${event.detail}` : event.kind;
  }
}

/** The label of a collapsed group: count, byte total and range, first and last position. */
function describeGroup(events: readonly RecordEvent[]): string {
  const first = events[0];
  const count = `${first.kind} ×${events.length}`;
  if (first.kind === "send" || first.kind === "receive") {
    const sizes = events.map((e) => e.bytes ?? 0);
    const total = sizes.reduce((a, b) => a + b, 0);
    const min = Math.min(...sizes);
    const max = Math.max(...sizes);
    const each = min === max
      ? `${formatBytes(min)} each`
      : `${formatBytes(min)} to ${formatBytes(max)}`;
    const last = events[events.length - 1];
    const span = where(first) && where(first) !== where(last)
      ? `,${where(first)} to${where(last)}`
      : "";
    return `${count}: ${formatBytes(total)} (${each})${span}`;
  }
  if (first.kind === "fault") {
    const seqs = events.map((e) => e.seq).filter((s) => s !== undefined);
    const which = seqs.length > 0
      ? ` #${seqs.slice(0, 8).join(", #")}${seqs.length > 8 ? ", …" : ""}`
      : "";
    return `${first.fault} ×${events.length}${which}`;
  }
  return `${count}: ${describe(first)}`;
}

/** Keeps the first and last `maxRows / 2` rows of a longer diagram. */
function limitRows(rows: SequenceRow[], maxRows: number, lifelines: string[]): SequenceDiagram {
  if (rows.length <= maxRows) return { lifelines, rows, omittedRows: 0, omittedAfter: -1 };
  const half = Math.floor(maxRows / 2);
  const failing = rows.findIndex((r) => r.failing);
  const keep = rows.filter((_row, i) => i < half || i >= rows.length - half || i === failing);
  return { lifelines, rows: keep, omittedRows: rows.length - keep.length, omittedAfter: half - 1 };
}
