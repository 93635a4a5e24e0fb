/**
 * The record's events as a compact table, for failure reports.
 *
 * @module
 */
import type {
  DatagramCheckSummary,
  RecordEvent,
  StreamCheckSummary,
  TimingSummary,
} from "../record/event.ts";
import { visible } from "./_visible.ts";

/** Options of {@linkcode formatEventsTable}. */
export interface FormatEventsTableOptions {
  /**
   * Events shown: the last ones of the list. `Infinity` shows them all.
   *
   * @default {20}
   */
  limit?: number;
  /**
   * Characters of the detail column kept; longer details end with `…`.
   *
   * @default {100}
   */
  detailWidth?: number;
}

const COLUMNS = ["time µs", "peer", "conn", "kind", "bytes", "offset/seq", "detail"] as const;
const RIGHT_ALIGNED = new Set([0, 4, 5]);

/**
 * Formats the last `limit` events as a table with the columns time µs, peer, conn, kind, bytes,
 * offset/seq and detail. Check and timing events get their summary in the detail column.
 *
 * @example
 * ```ts
 * import { formatEventsTable } from "./events_table.ts";
 * const table = formatEventsTable([
 *   { timeMicros: 15, peer: "client", conn: "main", kind: "send", bytes: 6, offset: 0 },
 * ]);
 * console.assert(table.split("\n")[1].includes("send"));
 * ```
 *
 * @returns The header and one line an event, joined by `\n`; empty when there are no events.
 */
export function formatEventsTable(
  events: readonly RecordEvent[],
  options: FormatEventsTableOptions = {},
): string {
  const limit = options.limit ?? 20;
  const detailWidth = options.detailWidth ?? 100;
  const shown = limit >= events.length ? events : events.slice(events.length - limit);
  if (shown.length === 0) return "";
  const rows = shown.map((event) => eventCells(event, detailWidth));
  const widths = COLUMNS.map((title, i) => Math.max(title.length, ...rows.map((r) => r[i].length)));
  return [[...COLUMNS], ...rows]
    .map((cells) => cells.map((cell, i) => align(cell, widths[i], i)).join("  ").trimEnd())
    .join("\n");
}

/**
 * One line saying what an event carries beyond its columns: its detail and, on check and timing
 * events, their summary.
 */
export function describeEvent(event: RecordEvent): string {
  const parts: string[] = [];
  if (event.detail) parts.push(event.detail);
  if (event.stream) parts.push(describeStream(event.stream));
  if (event.datagram) parts.push(describeDatagram(event.datagram));
  if (event.timing) parts.push(describeTiming(event.timing));
  return visible(parts.join("; ").replace(/\s*\r?\n\s*/g, " ⏎ "));
}

function eventCells(event: RecordEvent, detailWidth: number): string[] {
  const position = event.offset !== undefined
    ? String(event.offset)
    : event.seq !== undefined
    ? `#${event.seq}`
    : "";
  return [
    String(Math.round(event.timeMicros)),
    event.peer,
    event.conn ?? "",
    event.kind,
    event.bytes !== undefined ? String(event.bytes) : "",
    position,
    truncate(describeEvent(event), detailWidth),
  ];
}

function align(cell: string, width: number, column: number): string {
  return RIGHT_ALIGNED.has(column) ? cell.padStart(width) : cell.padEnd(width);
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

function describeStream(s: StreamCheckSummary): string {
  const of = s.expectedBytes !== undefined ? ` of ${s.expectedBytes}` : "";
  const parts = [
    `${s.pattern}: received ${s.receivedBytes}${of} bytes`,
    `lost ${s.lostBytes}`,
    `duplicated ${s.duplicatedBytes}`,
    `reordered ${s.reorderedBytes}`,
    `corrupted ${s.corruptedBytes}`,
  ];
  if (s.firstMismatchAt !== undefined) parts.push(`first mismatch at ${s.firstMismatchAt}`);
  if (s.lostRanges.length > 0) parts.push(`lost ${ranges(s.lostRanges)}`);
  if (s.duplicatedRanges.length > 0) parts.push(`duplicated ${ranges(s.duplicatedRanges)}`);
  return parts.join(", ");
}

function describeDatagram(d: DatagramCheckSummary): string {
  const parts = [
    `sent ${d.sent}, received ${d.received}`,
    `lost ${d.lost}`,
    `duplicated ${d.duplicated}`,
    `reordered ${d.reordered}`,
    `truncated ${d.truncated}`,
    `corrupted ${d.corrupted}`,
  ];
  if (d.lostSeqs.length > 0) parts.push(`lost #${d.lostSeqs.join(" #")}`);
  if (d.duplicatedSeqs.length > 0) parts.push(`duplicated #${d.duplicatedSeqs.join(" #")}`);
  return parts.join(", ");
}

function describeTiming(t: TimingSummary): string {
  return `${t.what}: n=${t.count} min ${t.minMicros} µs, p50 ${t.p50Micros} µs, ` +
    `p90 ${t.p90Micros} µs, p99 ${t.p99Micros} µs, max ${t.maxMicros} µs`;
}

function ranges(list: readonly { start: number; end: number }[]): string {
  return list.map((r) => `[${r.start}, ${r.end})`).join(" ");
}
