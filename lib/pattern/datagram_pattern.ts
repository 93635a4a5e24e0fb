/**
 * Generated datagrams that say who they are: a 16-byte header (sequence number, length,
 * checksum) and a checkable payload, and a tracker that counts lost, duplicated, reordered,
 * truncated and corrupted datagrams in O(count / 8) memory.
 *
 * Header, in network byte order (big-endian, RFC 1700):
 *
 * | offset | size | field                                                        |
 * | ------ | ---- | ------------------------------------------------------------ |
 * | 0      | u16  | magic `0x5353` (`"SS"`)                                      |
 * | 2      | u16  | version (low byte, {@linkcode DATAGRAM_VERSION}) and flags (high byte, 0) |
 * | 4      | u32  | sequence number                                              |
 * | 8      | u32  | total length in bytes, header included                       |
 * | 12     | u32  | checksum                                                     |
 *
 * The checksum is FNV-1a 32 with offset basis `0x811c9dc5 ^ seed`, over header bytes 0..11 then
 * the payload (so a damaged sequence number or length is caught too). The payload is the
 * `sequence` stream pattern from offset 0 with seed `seed ^ seq`, so every datagram differs.
 *
 * @example Encode, decode, track
 * ```ts
 * import { DatagramTracker, decodeDatagram, encodeDatagram } from "./datagram_pattern.ts";
 * import assert from "node:assert/strict";
 *
 * const datagram = encodeDatagram(7, { sizeBytes: 64, seed: 1 });
 * assert.deepEqual(decodeDatagram(datagram, 1), { seq: 7, declaredBytes: 64 });
 * assert.equal(decodeDatagram(datagram.subarray(0, 40), 1).problem, "truncated");
 *
 * const tracker = new DatagramTracker({ seed: 1 });
 * for (const seq of [0, 2, 1, 1]) tracker.push(encodeDatagram(seq, { sizeBytes: 64, seed: 1 }));
 * const summary = tracker.finish(4);
 * assert.equal(summary.lost, 1); // 3
 * assert.equal(summary.reordered, 1); // 1 after 2
 * assert.equal(summary.duplicated, 1); // the second 1
 * ```
 *
 * @module
 */
import type { DatagramCheckSummary } from "../record/event.ts";
import { Bitmap } from "./_bitmap.ts";
import { fnv1a32, FNV1A_32_BASIS } from "./_fnv1a.ts";
import { fillSequence, matchSequence } from "./_sequence.ts";

/** Bytes of the datagram header; also the smallest datagram. */
export const DATAGRAM_HEADER_BYTES = 16;
/** The first two bytes of every generated datagram: `"SS"`. */
export const DATAGRAM_MAGIC = 0x5353;
/** Header version this module writes and reads. */
export const DATAGRAM_VERSION = 1;
/** Largest datagram the length field can describe, in bytes. */
export const DATAGRAM_MAX_BYTES = 0xffffffff;

const CHECKED_HEADER_BYTES = 12;
const MAX_REPORTED_SEQS = 16;

/** What is wrong with a received datagram. */
export type DatagramProblem =
  /** Shorter than its header says (or than a header). */
  | "truncated"
  /** Longer than its header says: more than one datagram in one receive. */
  | "merged"
  /** Bad length field, bad checksum, or a payload that is not the pattern. */
  | "corrupt"
  /** Not a generated datagram: wrong magic or version. */
  | "foreign";

/** Thrown when a datagram size is smaller than the header or not a valid length. */
export class DatagramSizeError extends RangeError {
  constructor(found: number) {
    super(
      `Datagram size must be an integer from ${DATAGRAM_HEADER_BYTES} bytes (the header) to ` +
        `${DATAGRAM_MAX_BYTES} bytes, found ${found}`,
    );
    this.name = "DatagramSizeError";
  }
}

function checkSeq(seq: number): number {
  if (!Number.isInteger(seq) || seq < 0 || seq > 0xffffffff) {
    throw new RangeError(`Datagram sequence number must be an integer in [0, 2^32), found ${seq}`);
  }
  return seq;
}

function checksum(bytes: Uint8Array, declaredBytes: number, seed: number): number {
  const h = fnv1a32((FNV1A_32_BASIS ^ seed) >>> 0, bytes, 0, CHECKED_HEADER_BYTES);
  return fnv1a32(h, bytes, DATAGRAM_HEADER_BYTES, declaredBytes);
}

function payloadSeed(seq: number, seed: number): number {
  return (seq ^ seed) >>> 0;
}

/** Options of {@linkcode encodeDatagramInto}. */
export interface EncodeDatagramIntoOptions {
  /**
   * Seed shared by sender and receiver; its low 32 bits are used.
   *
   * @default {0}
   */
  seed?: number;
}

/**
 * Writes datagram `seq` into all of `buf` (its length is the datagram size), without allocating.
 *
 * @returns `buf`.
 * @throws {DatagramSizeError} When `buf` is shorter than {@linkcode DATAGRAM_HEADER_BYTES}.
 * @throws {RangeError} When `seq` is not an integer in `[0, 2^32)`.
 */
export function encodeDatagramInto(
  buf: Uint8Array,
  seq: number,
  options: EncodeDatagramIntoOptions = {},
): Uint8Array {
  if (buf.length < DATAGRAM_HEADER_BYTES || buf.length > DATAGRAM_MAX_BYTES) {
    throw new DatagramSizeError(buf.length);
  }
  checkSeq(seq);
  const seed = (options.seed ?? 0) >>> 0;
  const view = new DataView(buf.buffer, buf.byteOffset, DATAGRAM_HEADER_BYTES);
  view.setUint16(0, DATAGRAM_MAGIC);
  view.setUint16(2, DATAGRAM_VERSION);
  view.setUint32(4, seq);
  view.setUint32(8, buf.length);
  fillSequence(buf.subarray(DATAGRAM_HEADER_BYTES), 0, payloadSeed(seq, seed));
  view.setUint32(12, checksum(buf, buf.length, seed));
  return buf;
}

/** Options of {@linkcode encodeDatagram}. */
export interface EncodeDatagramOptions extends EncodeDatagramIntoOptions {
  /** Size of the datagram in bytes, header included; at least {@linkcode DATAGRAM_HEADER_BYTES}. */
  sizeBytes: number;
}

/**
 * Builds datagram `seq` of `sizeBytes` bytes.
 *
 * @example Too small
 * ```ts
 * import { DatagramSizeError, encodeDatagram } from "./datagram_pattern.ts";
 * import assert from "node:assert/strict";
 *
 * assert.throws(() => encodeDatagram(0, { sizeBytes: 8 }), DatagramSizeError);
 * assert.equal(encodeDatagram(0, { sizeBytes: 16 }).length, 16);
 * ```
 *
 * @throws {DatagramSizeError} When `sizeBytes` is not an integer from
 *   {@linkcode DATAGRAM_HEADER_BYTES} to {@linkcode DATAGRAM_MAX_BYTES}.
 * @throws {RangeError} When `seq` is not an integer in `[0, 2^32)`.
 */
export function encodeDatagram(seq: number, options: EncodeDatagramOptions): Uint8Array {
  const size = options.sizeBytes;
  if (!Number.isInteger(size) || size < DATAGRAM_HEADER_BYTES || size > DATAGRAM_MAX_BYTES) {
    throw new DatagramSizeError(size);
  }
  return encodeDatagramInto(new Uint8Array(size), seq, options);
}

/** What {@linkcode decodeDatagram} read. */
export interface DecodedDatagram {
  /** Sequence number, when the header got that far. */
  seq?: number;
  /** Length the header declares, in bytes, when the header got that far. */
  declaredBytes?: number;
  /** What is wrong, if anything. */
  problem?: DatagramProblem;
}

/**
 * Reads and checks one received datagram.
 *
 * A datagram is `truncated` when it is shorter than its header says and the bytes it has are
 * right; `merged` when it is longer and its first `declaredBytes` are right; `corrupt` when its
 * length field or checksum is wrong (or a truncated payload is not the pattern); `foreign` when
 * its magic or version is not this module's.
 *
 * @param bytes The datagram as received.
 * @param seed The seed the sender used.
 */
export function decodeDatagram(bytes: Uint8Array, seed = 0): DecodedDatagram {
  const s = seed >>> 0;
  if (bytes.length < 4) {
    const magicPrefix = bytes.length >= 1 && bytes[0] === DATAGRAM_MAGIC >>> 8 &&
      (bytes.length < 2 || bytes[1] === (DATAGRAM_MAGIC & 0xff));
    return { problem: magicPrefix ? "truncated" : "foreign" };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  if (view.getUint16(0) !== DATAGRAM_MAGIC || view.getUint16(2) !== DATAGRAM_VERSION) {
    return { problem: "foreign" };
  }
  if (bytes.length < DATAGRAM_HEADER_BYTES) {
    return {
      ...(bytes.length >= 8 ? { seq: view.getUint32(4) } : {}),
      ...(bytes.length >= 12 ? { declaredBytes: view.getUint32(8) } : {}),
      problem: "truncated",
    };
  }
  const seq = view.getUint32(4);
  const declaredBytes = view.getUint32(8);
  if (declaredBytes < DATAGRAM_HEADER_BYTES) return { seq, declaredBytes, problem: "corrupt" };
  if (bytes.length < declaredBytes) {
    const payload = bytes.subarray(DATAGRAM_HEADER_BYTES);
    const intact = matchSequence(payload, 0, 0, payloadSeed(seq, s)) === payload.length;
    return { seq, declaredBytes, problem: intact ? "truncated" : "corrupt" };
  }
  if (checksum(bytes, declaredBytes, s) !== view.getUint32(12)) {
    return { seq, declaredBytes, problem: "corrupt" };
  }
  if (bytes.length > declaredBytes) return { seq, declaredBytes, problem: "merged" };
  return { seq, declaredBytes };
}

/** Options of {@linkcode DatagramTracker}. */
export interface DatagramTrackerOptions {
  /**
   * Datagrams the sender will send, when known: sizes the bitmap up front, and is the default of
   * {@linkcode DatagramTracker.finish}'s `sent`.
   */
  expectedCount?: number;
  /**
   * Seed the sender used.
   *
   * @default {0}
   */
  seed?: number;
  /**
   * Sequence numbers from this one up count as corrupted instead of growing the bitmap (which
   * costs one bit per sequence number up to the largest seen).
   *
   * @default {2 ** 28}
   */
  maxSeq?: number;
}

/**
 * Tracks received generated datagrams: a growable bitmap of the sequence numbers seen gives the
 * lost and duplicated ones, an arrival below the highest sequence number seen is reordered, and
 * the length and checksum catch truncated, merged and corrupted datagrams.
 *
 * Counting rules: a truncated datagram still counts as arrived (it is not lost); a merged one
 * counts as corrupted, and every whole datagram inside it as arrived; corrupt and foreign ones
 * count as corrupted only. A duplicate is not also counted as reordered. Memory is
 * O(largest sequence number / 8) bytes.
 */
export class DatagramTracker {
  #seed: number;
  #expectedCount: number | undefined;
  #maxSeq: number;
  #seen: Bitmap;
  #highest = -1;
  #received = 0;
  #duplicated = 0;
  #reordered = 0;
  #truncated = 0;
  #corrupted = 0;
  #duplicatedSeqs: number[] = [];

  constructor(options: DatagramTrackerOptions = {}) {
    this.#seed = (options.seed ?? 0) >>> 0;
    this.#expectedCount = options.expectedCount;
    this.#maxSeq = options.maxSeq ?? 2 ** 28;
    this.#seen = new Bitmap(Math.min(options.expectedCount ?? 0, this.#maxSeq));
  }

  /** Datagrams pushed so far. */
  get received(): number {
    return this.#received;
  }

  /**
   * Records one received datagram.
   *
   * @returns What {@linkcode decodeDatagram} read from it.
   */
  push(datagram: Uint8Array): DecodedDatagram {
    this.#received++;
    const decoded = decodeDatagram(datagram, this.#seed);
    switch (decoded.problem) {
      case undefined:
        this.#arrived(decoded.seq as number);
        break;
      case "truncated":
        this.#truncated++;
        if (decoded.seq !== undefined) this.#arrived(decoded.seq);
        break;
      case "merged":
        this.#corrupted++;
        this.#arrivedMerged(datagram, decoded);
        break;
      default:
        this.#corrupted++;
    }
    return decoded;
  }

  /**
   * Says what was found.
   *
   * @param sent Datagrams the sender sent (sequence numbers `0..sent - 1`); defaults to
   *   `expectedCount`, else to the highest sequence number seen plus one. Sequence numbers seen
   *   at or above it count as corrupted.
   */
  finish(sent?: number): DatagramCheckSummary {
    const total = sent ?? this.#expectedCount ?? this.#highest + 1;
    const arrived = this.#seen.countIn(0, total);
    const beyond = this.#highest >= total ? this.#seen.countIn(total, this.#highest + 1) : 0;
    return {
      sent: total,
      received: this.#received,
      lost: total - arrived,
      duplicated: this.#duplicated,
      reordered: this.#reordered,
      truncated: this.#truncated,
      corrupted: this.#corrupted + beyond,
      lostSeqs: this.#seen.missing(0, total, MAX_REPORTED_SEQS),
      duplicatedSeqs: [...this.#duplicatedSeqs],
    };
  }

  #arrived(seq: number): void {
    if (seq >= this.#maxSeq) {
      this.#corrupted++;
      return;
    }
    if (this.#seen.add(seq)) {
      this.#duplicated++;
      if (
        this.#duplicatedSeqs.length < MAX_REPORTED_SEQS && !this.#duplicatedSeqs.includes(seq)
      ) this.#duplicatedSeqs.push(seq);
      return;
    }
    if (seq < this.#highest) this.#reordered++;
    else this.#highest = seq;
  }

  /** Records the datagrams inside a merged one, as long as they decode whole. */
  #arrivedMerged(datagram: Uint8Array, first: DecodedDatagram): void {
    let decoded = first;
    let rest = datagram;
    while (true) {
      this.#arrived(decoded.seq as number);
      if (decoded.problem !== "merged") return;
      rest = rest.subarray(decoded.declaredBytes as number);
      decoded = decodeDatagram(rest, this.#seed);
      if (decoded.problem !== undefined && decoded.problem !== "merged") return;
    }
  }
}
