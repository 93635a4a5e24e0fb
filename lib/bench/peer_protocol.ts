/**
 * The wire protocol between a measuring client and a bench peer (see `peer_main.ts`).
 *
 * Streams (tcp, unix): the client's first 8 bytes on a connection are a header:
 *
 * | byte | meaning                                                                  |
 * | ---- | ------------------------------------------------------------------------ |
 * | 0    | mode: 1 sink (read and count), 2 echo (write back what was read),        |
 * |      | 3 relay_in, 4 relay_out (see below)                                      |
 * | 1    | flags: bit 0 set TCP_NODELAY on the peer's side                          |
 * | 2-3  | reserved, 0                                                              |
 * | 4-7  | sink: write one ack byte each time this many bytes arrived (u32 LE);     |
 * |      | relay_in, relay_out: the pair id                                         |
 *
 * A relay pair is an echo split over two connections: what arrives on the relay_in connection is
 * written to the relay_out connection with the same pair id. The peer answers a relay_out header
 * with one byte (6) once registered. The open-loop sender uses it so that the sending side (a
 * worker that paces sends) and the receiving side (the main thread) each own a connection.
 *
 * Datagrams (udp, unixgram): byte 0 of every datagram is its kind ({@linkcode DatagramKind}).
 * A sync datagram is answered with {@linkcode SYNC_REPLY_BYTES} bytes: kind, then the u32 LE
 * token of the request at offset 4, then the datagrams (f64 LE, offset 8) and bytes (f64 LE,
 * offset 16) the peer received so far. A socket's receive queue is FIFO, so the answer to a sync
 * means every datagram sent before it was received or dropped. A register datagram (u32 LE token
 * at offset 4) records its sender's address under the token and is answered with the same 8
 * bytes; a relay datagram (sequence at offset 4, token at offset 8) is counted and sent to the
 * address registered under its token: the datagram form of a relay pair.
 *
 * Control (every transport): the peer reads lines on stdin and answers JSON lines on stdout.
 * `mark` answers {@linkcode PeerMark}; `reset` zeroes the counters and answers
 * `{"reset":true}`; `quit` or the end of stdin stops the peer.
 *
 * @module
 */

/** Bytes of the stream header. */
export const STREAM_HEADER_BYTES = 8;

/** What a peer does with a stream connection. */
export type StreamMode = "sink" | "echo" | "relay_in" | "relay_out";

/** A decoded stream header. */
export interface StreamHeader {
  mode: StreamMode;
  /** Set TCP_NODELAY on the peer's side of the connection. */
  noDelay: boolean;
  /** Sink: bytes between two ack bytes, 0 for no acks. Relay: the pair id. */
  ackEveryBytes: number;
}

/** The byte a peer answers a relay_out header with, once the connection is registered. */
export const RELAY_REGISTERED = 6;

/** The mode byte values. */
const MODE_CODES: Record<StreamMode, number> = { sink: 1, echo: 2, relay_in: 3, relay_out: 4 };
const MODES_BY_CODE = new Map<number, StreamMode>(
  Object.entries(MODE_CODES).map(([mode, code]) => [code, mode as StreamMode]),
);

/** A stream header was malformed. */
export class BadStreamHeaderError extends Error {
  override name = "BadStreamHeaderError";
}

/** Encodes a stream header into 8 bytes. */
export function encodeStreamHeader(header: StreamHeader): Uint8Array {
  const bytes = new Uint8Array(STREAM_HEADER_BYTES);
  const view = new DataView(bytes.buffer);
  bytes[0] = MODE_CODES[header.mode];
  bytes[1] = header.noDelay ? 1 : 0;
  view.setUint32(4, header.ackEveryBytes, true);
  return bytes;
}

/**
 * Decodes the 8 first bytes of a stream.
 *
 * @throws {BadStreamHeaderError} if fewer than 8 bytes are given or the mode is unknown.
 */
export function decodeStreamHeader(bytes: Uint8Array): StreamHeader {
  if (bytes.length < STREAM_HEADER_BYTES) {
    throw new BadStreamHeaderError(
      `Expected a ${STREAM_HEADER_BYTES}-byte stream header, found ${bytes.length} bytes`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, STREAM_HEADER_BYTES);
  const mode = MODES_BY_CODE.get(bytes[0]);
  if (mode === undefined) {
    throw new BadStreamHeaderError(`Expected a stream mode from 1 to 4, found ${bytes[0]}`);
  }
  return { mode, noDelay: (bytes[1] & 1) === 1, ackEveryBytes: view.getUint32(4, true) };
}

/** Kind byte (byte 0) of a datagram sent to a peer. */
export const DatagramKind = {
  /** Count it. */
  data: 1,
  /** Count it and send it back to its sender. */
  echo: 2,
  /** Answer with the counts (see the module doc). */
  sync: 3,
  /** Record the sender's address under a token. */
  register: 4,
  /** Count it and send it to the address registered under its token. */
  relay: 5,
} as const;

/** Bytes of a register datagram and of its answer. */
export const REGISTER_BYTES = 8;

/** Encodes a register datagram (also the peer's answer to it). */
export function encodeRegister(token: number): Uint8Array {
  const bytes = new Uint8Array(REGISTER_BYTES);
  bytes[0] = DatagramKind.register;
  new DataView(bytes.buffer).setUint32(4, token, true);
  return bytes;
}

/** Bytes of a sync request (kind and token) and of its answer. */
export const SYNC_REQUEST_BYTES = 8;
/** Bytes of the answer to a sync datagram. */
export const SYNC_REPLY_BYTES = 24;

/** Encodes a sync request with a token the answer repeats. */
export function encodeSyncRequest(token: number): Uint8Array {
  const bytes = new Uint8Array(SYNC_REQUEST_BYTES);
  bytes[0] = DatagramKind.sync;
  new DataView(bytes.buffer).setUint32(4, token, true);
  return bytes;
}

/** The answer to a sync datagram. */
export interface SyncReply {
  token: number;
  /** Datagrams of kind data or echo the peer received since its last reset. */
  datagrams: number;
  /** Their bytes. */
  bytes: number;
}

/** Encodes the answer to a sync datagram. */
export function encodeSyncReply(reply: SyncReply): Uint8Array {
  const bytes = new Uint8Array(SYNC_REPLY_BYTES);
  const view = new DataView(bytes.buffer);
  bytes[0] = DatagramKind.sync;
  view.setUint32(4, reply.token, true);
  view.setFloat64(8, reply.datagrams, true);
  view.setFloat64(16, reply.bytes, true);
  return bytes;
}

/** Decodes the answer to a sync datagram, or returns undefined if `bytes` is not one. */
export function decodeSyncReply(bytes: Uint8Array): SyncReply | undefined {
  if (bytes.length !== SYNC_REPLY_BYTES || bytes[0] !== DatagramKind.sync) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, SYNC_REPLY_BYTES);
  return {
    token: view.getUint32(4, true),
    datagrams: view.getFloat64(8, true),
    bytes: view.getFloat64(16, true),
  };
}

/** What a peer answers to `mark`: its counters and resource use at one instant. */
export interface PeerMark {
  /** The peer's `performance.now()`, in ms: only differences between two marks mean something. */
  timeMs: number;
  /** Payload bytes received since the last reset (stream headers excluded). */
  bytes: number;
  /** Datagrams received since the last reset (0 on streams). */
  datagrams: number;
  /** Connections accepted since the peer started. */
  connections: number;
  /** CPU time of the whole peer process in user mode, in µs (`Deno.cpuUsage`). */
  cpuUserMicros: number;
  /** CPU time of the whole peer process in kernel mode, in µs. */
  cpuSystemMicros: number;
  /** Peak resident set size of the peer process (VmHWM), in KiB. */
  peakRssKiB: number;
}
