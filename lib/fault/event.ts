/**
 * What the relay reports: every fault decision and every connection change, in order.
 *
 * The runner turns these into record events (`lib/record/event.ts`) with peer `relay`; the
 * `kind` values are record event kinds, so the mapping is one to one.
 *
 * @module
 */
import type { EventKind } from "../record/event.ts";

/** Which way data flows through the relay. */
export type FlowDirection = "to_server" | "to_client";

/** Kinds of relay events: `fault` for an injected decision, the others for connection changes. */
export type RelayEventKind = Extract<
  EventKind,
  "fault" | "accept" | "connect" | "eof" | "close_write" | "close" | "error"
>;

/** One thing the relay did or decided. */
export interface RelayEvent {
  kind: RelayEventKind;
  /** Time since the relay started, in µs, or from `RelayOptions.clockMicros`. */
  timeMicros: number;
  /**
   * Stream connection or datagram client, numbered from 0 in order of arrival (accept order for
   * streams, first datagram for datagram clients).
   */
  conn: number;
  /** Direction of the data the event is about, when it is about one. */
  direction?: FlowDirection;
  /** Fault kind, on `fault` events: `latency`, `drop`, ... */
  fault?: string;
  /** Position of the fault in the scenario's `faults` list, on `fault` events. */
  faultIndex?: number;
  /**
   * Streams: index of the write that reached the fault (its own count, from 0). Datagrams: index
   * of the datagram in this client's direction as it entered the relay (from 0).
   */
  seq?: number;
  /** Streams: byte offset of the write in the data that reached the fault. */
  offset?: number;
  /** Bytes concerned. */
  bytes?: number;
  /** What happened, in words: `dropped datagram #17 (64 bytes)`. */
  detail: string;
}

/** Counts for one direction. Stream relays count bytes, datagram relays count both. */
export interface RelayDirectionStats {
  /** Bytes read from the sending side. */
  receivedBytes: number;
  /** Bytes written to the receiving side. */
  forwardedBytes: number;
  /** Datagrams received (0 on streams). */
  receivedDatagrams: number;
  /** Datagrams sent on, duplicates included (0 on streams). */
  forwardedDatagrams: number;
}

/** What a relay has done so far. */
export interface RelayStats {
  /** Stream connections accepted, or datagram clients seen. */
  connections: number;
  toServer: RelayDirectionStats;
  toClient: RelayDirectionStats;
  /** `fault` events emitted, by fault kind. */
  faults: Record<string, number>;
}
