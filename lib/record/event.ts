/**
 * The record: an append-only list of what every peer did, in the order it happened.
 *
 * Events carry byte counts, offsets and sequence numbers, never payloads, so a record stays small
 * however long the stream. Checks read the record and nothing else.
 *
 * @module
 */

/** What happened. */
export type EventKind =
  | "listen"
  | "accept"
  | "connect"
  | "send"
  | "receive"
  | "eof"
  | "close_write"
  | "close"
  | "error"
  | "mark"
  | "step"
  | "fault"
  | "stream_check"
  | "datagram_check"
  | "timing"
  | "output"
  | "fixture"
  | "tcp_state";

/** One entry of the record. */
export interface RecordEvent {
  /** Monotonic time since the scenario started, in µs. */
  timeMicros: number;
  /** Peer that acted, for example `client` or `client#3`; `relay` for injected faults. */
  peer: string;
  /** Connection or socket label within the peer, for example `main`. */
  conn?: string;
  /** What happened. */
  kind: EventKind;
  /** Bytes moved by this operation. */
  bytes?: number;
  /** Stream offset (bytes) before this operation, on this connection and direction. */
  offset?: number;
  /** Datagram sequence number, where the payload was generated. */
  seq?: number;
  /**
   * The first bytes of the payload, on send and receive events, escaped for display (see
   * `payloadPreview` in preview.ts): what a sequence diagram labels an arrow with.
   */
  preview?: string;
  /** Free text: an address, an error class, a step description. */
  detail?: string;
  /** The fault kind, on the relay's `fault` events: `drop`, `slicer`, ... */
  fault?: string;
  /** Result of a stream check, on `stream_check` events. */
  stream?: StreamCheckSummary;
  /** Result of a datagram check, on `datagram_check` events. */
  datagram?: DatagramCheckSummary;
  /** A timing sample set, on `timing` events. */
  timing?: TimingSummary;
}

/** A contiguous range of stream offsets, `[start, end)`, in bytes. */
export interface ByteRange {
  /** First byte, as a stream offset. */
  start: number;
  /** One past the last byte, as a stream offset. */
  end: number;
}

/**
 * What a stream verifier found after checking every received byte against the pattern the sender
 * used. All counts are in bytes.
 */
export interface StreamCheckSummary {
  /** Pattern that was verified, for example `sequence`. */
  pattern: string;
  /** Bytes the sender sent, when known. */
  expectedBytes?: number;
  /** Bytes that arrived. */
  receivedBytes: number;
  /** Bytes never received (gaps in the received offsets, and a missing tail after EOF). */
  lostBytes: number;
  /**
   * Bytes past the last one received that were not read because the receive stopped first (at
   * its size, or because another part of the run failed): not counted as lost.
   */
  unreadBytes?: number;
  /**
   * Bytes past the last one received that had not arrived when the receive timed out: lost, or
   * late (still on their way from a slow peer). `lossless` counts them, saying which they are.
   */
  lateBytes?: number;
  /** Bytes received more than once. */
  duplicatedBytes: number;
  /** Bytes that arrived after bytes with a higher offset (filled a gap late). */
  reorderedBytes: number;
  /** Bytes that matched no offset of the pattern. */
  corruptedBytes: number;
  /** Receive position of the first byte that was not the next expected one, if any. */
  firstMismatchAt?: number;
  /** Up to 16 ranges of offsets that were lost, for the report. */
  lostRanges: ByteRange[];
  /** Up to 16 ranges of offsets that arrived twice, for the report. */
  duplicatedRanges: ByteRange[];
}

/** What a datagram tracker found. All counts are in datagrams. */
export interface DatagramCheckSummary {
  /** Datagrams the sender sent. */
  sent: number;
  /** Datagrams that arrived, duplicates included. */
  received: number;
  /** Sequence numbers sent and never received. */
  lost: number;
  /**
   * Sequence numbers past the highest one received that were not read because the receiver
   * stopped first (at its count): not counted as lost.
   */
  unread?: number;
  /** Arrivals of a sequence number already seen. */
  duplicated: number;
  /** Arrivals below the highest sequence number seen so far. */
  reordered: number;
  /** Datagrams shorter than their header says (truncated by the receive buffer or a fault). */
  truncated: number;
  /**
   * Received datagrams whose bytes were altered (bad checksum or header), or that were not
   * generated datagrams at all.
   */
  corrupted: number;
  /** Received datagrams that held more than one sent datagram. */
  merged?: number;
  /** Sent datagrams that arrived in more than one piece. */
  split?: number;
  /** Up to 16 lost sequence numbers, for the report. */
  lostSeqs: number[];
  /** Up to 16 duplicated sequence numbers, for the report. */
  duplicatedSeqs: number[];
  /** Up to 16 truncated datagrams: sequence number, bytes received and bytes sent (if known). */
  truncatedSeqs?: { seq: number; receivedBytes: number; sentBytes?: number }[];
  /** Up to 16 merged datagrams, each as the sequence numbers it held. */
  mergedSeqs?: number[][];
  /** Up to 16 split datagrams: sequence number and the sizes of its pieces, in bytes. */
  splitSeqs?: { seq: number; pieceBytes: number[] }[];
  /** Up to 16 sequence numbers of corrupted datagrams, where the payload still says which. */
  corruptedSeqs?: number[];
}

/** Percentiles of a set of durations, in µs. */
export interface TimingSummary {
  /** What was timed, for example `round trip` or a step description. */
  what: string;
  /** Rounds measured. */
  count: number;
  /** Fastest round, in µs. */
  minMicros: number;
  /** Median round, in µs. */
  p50Micros: number;
  /** 90th percentile, in µs. */
  p90Micros: number;
  /** 99th percentile, in µs. */
  p99Micros: number;
  /** Slowest round, in µs. */
  maxMicros: number;
}
