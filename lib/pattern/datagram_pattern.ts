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
import { unmix32 } from "./_mix32.ts";

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

/** Payload bytes compared to tell which datagram a corrupted one was. */
const IDENTIFY_BYTES = 64;
const IDENTIFY_SCRATCH = new Uint8Array(IDENTIFY_BYTES);

/** A truncated datagram whose missing bytes may still come, as the next datagrams. */
interface OpenPiece {
  seq: number;
  declaredBytes: number;
  /** Bytes of it received so far, in pieces. */
  pieceBytes: number[];
  receivedBytes: number;
}

function readU32LE(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/**
 * Tracks received generated datagrams: a growable bitmap of the sequence numbers seen gives the
 * lost and duplicated ones, an arrival below the highest sequence number seen is reordered, and
 * the length and checksum tell truncated, merged, split and corrupted datagrams apart.
 *
 * Counting rules, so that the counts add up: every received datagram is exactly one of whole,
 * truncated, merged (it held several sent ones, each of which counts as arrived), a piece of a
 * split datagram (the datagram that arrived in pieces counts once as split, not as truncated),
 * or corrupted (its bytes were altered; when its payload still says which datagram it was, that
 * one counts as arrived, so an altered datagram is not also lost). A duplicate is not also
 * counted as reordered. Memory is O(largest sequence number / 8) bytes.
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
  #merged = 0;
  #split = 0;
  #duplicatedSeqs: number[] = [];
  #truncatedSeqs: { seq: number; receivedBytes: number; sentBytes?: number }[] = [];
  #mergedSeqs: number[][] = [];
  #splitSeqs: { seq: number; pieceBytes: number[] }[] = [];
  #corruptedSeqs: number[] = [];
  #open: OpenPiece | undefined;

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
    const open = this.#open;
    this.#open = undefined;
    switch (decoded.problem) {
      case undefined:
        this.#arrived(decoded.seq as number);
        break;
      case "truncated":
        this.#truncated++;
        if (decoded.seq !== undefined) {
          this.#arrived(decoded.seq);
          note(this.#truncatedSeqs, {
            seq: decoded.seq,
            receivedBytes: datagram.length,
            ...(decoded.declaredBytes === undefined ? {} : { sentBytes: decoded.declaredBytes }),
          });
          if (decoded.declaredBytes !== undefined && datagram.length >= DATAGRAM_HEADER_BYTES) {
            this.#open = {
              seq: decoded.seq,
              declaredBytes: decoded.declaredBytes,
              pieceBytes: [datagram.length],
              receivedBytes: datagram.length,
            };
          }
        }
        break;
      case "merged":
        this.#merged++;
        note(this.#mergedSeqs, this.#arrivedMerged(datagram, decoded));
        break;
      default:
        if (open !== undefined && this.#continues(open, datagram)) break;
        this.#corrupted++;
        this.#arrivedCorrupted(datagram, decoded);
    }
    return decoded;
  }

  /**
   * Says what was found.
   *
   * @param sent Datagrams the sender sent (sequence numbers `0..sent - 1`); defaults to
   *   `expectedCount`, else to the highest sequence number seen plus one. Sequence numbers seen
   *   at or above it count as corrupted.
   * @param options `ended`: whether the flow ended for the receiver. When it stopped receiving
   *   first (at a count, with more possibly queued), the sequence numbers past the highest one
   *   seen are `unread`, not lost. @default {{ ended: true }}
   */
  finish(sent?: number, options: { ended?: boolean } = {}): DatagramCheckSummary {
    const total = sent ?? this.#expectedCount ?? this.#highest + 1;
    const arrived = this.#seen.countIn(0, total);
    const beyond = this.#highest >= total ? this.#seen.countIn(total, this.#highest + 1) : 0;
    const unread = options.ended === false ? Math.max(0, total - (this.#highest + 1)) : 0;
    return {
      sent: total,
      received: this.#received,
      ...(unread > 0 ? { unread } : {}),
      lost: total - arrived - unread,
      duplicated: this.#duplicated,
      reordered: this.#reordered,
      truncated: this.#truncated,
      corrupted: this.#corrupted + beyond,
      merged: this.#merged,
      split: this.#split,
      lostSeqs: this.#seen.missing(0, total - unread, MAX_REPORTED_SEQS),
      duplicatedSeqs: [...this.#duplicatedSeqs],
      truncatedSeqs: this.#truncatedSeqs.map((t) => ({ ...t })),
      mergedSeqs: this.#mergedSeqs.map((group) => [...group]),
      splitSeqs: this.#splitSeqs.map((s) => ({ seq: s.seq, pieceBytes: [...s.pieceBytes] })),
      corruptedSeqs: [...this.#corruptedSeqs],
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
  #arrivedMerged(datagram: Uint8Array, first: DecodedDatagram): number[] {
    const seqs: number[] = [];
    let decoded = first;
    let rest = datagram;
    while (true) {
      this.#arrived(decoded.seq as number);
      seqs.push(decoded.seq as number);
      if (decoded.problem !== "merged") return seqs;
      rest = rest.subarray(decoded.declaredBytes as number);
      decoded = decodeDatagram(rest, this.#seed);
      if (decoded.problem !== undefined && decoded.problem !== "merged") return seqs;
    }
  }

  /**
   * Whether `datagram` is the next piece of the truncated datagram `open` (the bytes that
   * followed where it was cut); if so, that datagram counts as split instead of truncated.
   */
  #continues(open: OpenPiece, datagram: Uint8Array): boolean {
    const at = open.receivedBytes;
    if (datagram.length === 0 || at + datagram.length > open.declaredBytes) return false;
    const payloadAt = at - DATAGRAM_HEADER_BYTES;
    const seed = payloadSeed(open.seq, this.#seed);
    if (matchSequence(datagram, 0, payloadAt, seed) !== datagram.length) return false;
    if (open.pieceBytes.length === 1) {
      this.#truncated--;
      const index = this.#truncatedSeqs.findIndex((t) =>
        t.seq === open.seq && t.receivedBytes === at
      );
      if (index >= 0) this.#truncatedSeqs.splice(index, 1);
      this.#split++;
      note(this.#splitSeqs, { seq: open.seq, pieceBytes: open.pieceBytes });
    }
    open.pieceBytes.push(datagram.length);
    open.receivedBytes += datagram.length;
    if (open.receivedBytes < open.declaredBytes) this.#open = open;
    return true;
  }

  /**
   * Counts a corrupted datagram as the arrival of the datagram its bytes come from, when they
   * say which: the header's sequence number, or the one the payload's first words encode, when
   * most of the payload then matches.
   */
  #arrivedCorrupted(datagram: Uint8Array, decoded: DecodedDatagram): void {
    const payload = datagram.subarray(
      DATAGRAM_HEADER_BYTES,
      DATAGRAM_HEADER_BYTES + IDENTIFY_BYTES,
    );
    const candidates = new Set<number>();
    if (decoded.seq !== undefined) candidates.add(decoded.seq);
    for (let k = 0; 8 * k + 8 <= payload.length && k < 4; k++) {
      const payloadSeedK = (unmix32(readU32LE(payload, 8 * k + 4)) ^ k) >>> 0;
      candidates.add((payloadSeedK ^ this.#seed) >>> 0);
    }
    // Index fields are alike in every datagram: only the check fields (lanes 4 to 7 of each
    // word) say which datagram the payload comes from.
    const words = Math.floor(payload.length / 8);
    if (words === 0) return;
    let best: number | undefined;
    let bestMatching = 0;
    for (const seq of candidates) {
      if (seq >= this.#maxSeq) continue;
      const expected = IDENTIFY_SCRATCH.subarray(0, words * 8);
      fillSequence(expected, 0, payloadSeed(seq, this.#seed));
      let matching = 0;
      for (let w = 0; w < words; w++) {
        for (let lane = 4; lane < 8; lane++) {
          if (payload[8 * w + lane] === expected[8 * w + lane]) matching++;
        }
      }
      if (matching > bestMatching) {
        best = seq;
        bestMatching = matching;
      }
    }
    if (best === undefined || 2 * bestMatching <= 4 * words) return;
    note(this.#corruptedSeqs, best);
    if (this.#seen.has(best)) return; // A copy of one that arrived: counted as corrupted only.
    this.#arrived(best);
  }
}

/** Keeps up to 16 examples for the report. */
function note<T>(list: T[], item: T): void {
  if (list.length < MAX_REPORTED_SEQS) list.push(item);
}
