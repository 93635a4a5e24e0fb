/**
 * Self-describing stream patterns: generated payloads for stream sockets whose every byte is a
 * pure function of its stream offset, and a verifier that checks a received stream against them
 * in constant memory.
 *
 * Patterns:
 * - `sequence` (the default; verifiable and self-locating): a series of 8-byte words. Word `i`,
 *   at stream offset `8 * i`, is the u32 little-endian index `i` followed by the u32 little-endian
 *   check `mix32(i ^ seed)`, where `mix32` is the MurmurHash3 finalizer `fmix32` applied to
 *   `x + 0x9e3779b9`. The byte at offset `o` is byte `o % 8` of word `floor(o / 8)`. The index
 *   wraps at 2^32, so the pattern repeats every 2^35 bytes (32 GiB,
 *   {@linkcode SEQUENCE_PERIOD_BYTES}). Any 8 contiguous bytes say which offset they come from.
 * - `zero`: every byte is 0x00.
 * - `ascii`: printable lines like the chargen service's (RFC 864): line `k` holds 72 of the 95
 *   printable ASCII characters, starting at character `k % 95`, then `"\n"`.
 *
 * @example Generate and verify a stream
 * ```ts
 * import { fillPattern, StreamVerifier } from "./stream_pattern.ts";
 * import assert from "node:assert/strict";
 *
 * const verifier = new StreamVerifier({ seed: 7, expectedBytes: 3000 });
 * for (let offset = 0; offset < 3000; offset += 1000) {
 *   verifier.push(fillPattern(new Uint8Array(1000), { seed: 7, offsetBytes: offset }));
 * }
 * const summary = verifier.finish();
 * assert.equal(summary.lostBytes + summary.corruptedBytes, 0);
 * ```
 *
 * @module
 */
import type { StreamCheckSummary } from "../record/event.ts";
import { fillAscii } from "./_ascii.ts";
import { OffsetChecker } from "./_offset_checker.ts";
import { fillSequence, SEQUENCE_PERIOD_BYTES } from "./_sequence.ts";
import { SequenceChecker } from "./_sequence_checker.ts";

export { SEQUENCE_PERIOD_BYTES };

/** Name of a stream pattern. */
export type StreamPatternName = "sequence" | "zero" | "ascii";

/** Every stream pattern name, the default first. */
export const STREAM_PATTERN_NAMES: readonly StreamPatternName[] = ["sequence", "zero", "ascii"];

/** Thrown when a pattern name is not one of {@linkcode STREAM_PATTERN_NAMES}. */
export class UnknownStreamPatternError extends TypeError {
  constructor(found: unknown) {
    super(
      `Unknown stream pattern: expected one of ${
        STREAM_PATTERN_NAMES.map((n) => `"${n}"`).join(", ")
      }, found ${JSON.stringify(found) ?? String(found)}`,
    );
    this.name = "UnknownStreamPatternError";
  }
}

/** Thrown by {@linkcode StreamVerifier.push} after {@linkcode StreamVerifier.finish}. */
export class StreamVerifierFinishedError extends Error {
  constructor() {
    super("StreamVerifier.push() called after finish(): expected no more bytes");
    this.name = "StreamVerifierFinishedError";
  }
}

/** Whether `name` is a stream pattern name. */
export function isStreamPatternName(name: unknown): name is StreamPatternName {
  return STREAM_PATTERN_NAMES.includes(name as StreamPatternName);
}

function checkPattern(name: unknown): StreamPatternName {
  if (!isStreamPatternName(name)) throw new UnknownStreamPatternError(name);
  return name;
}

function checkByteCount(what: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative safe integer, found ${value}`);
  }
  return value;
}

/** Options of {@linkcode fillPattern}. */
export interface FillPatternOptions {
  /**
   * Pattern to generate.
   *
   * @default {"sequence"}
   */
  pattern?: StreamPatternName;
  /**
   * Stream offset of `buf[0]`, in bytes.
   *
   * @default {0}
   */
  offsetBytes?: number;
  /**
   * Seed of the `sequence` pattern; its low 32 bits are used. Ignored by `zero` and `ascii`.
   *
   * @default {0}
   */
  seed?: number;
}

/**
 * Fills `buf` with the pattern bytes of stream offsets `[offsetBytes, offsetBytes + buf.length)`.
 *
 * Fast enough for a send loop: `sequence` writes whole words through a `Uint32Array` when the
 * buffer is 4-byte aligned (a `DataView` otherwise).
 *
 * @example Consecutive buffers continue the same stream
 * ```ts
 * import { fillPattern } from "./stream_pattern.ts";
 * import assert from "node:assert/strict";
 *
 * const whole = fillPattern(new Uint8Array(20));
 * const tail = fillPattern(new Uint8Array(7), { offsetBytes: 13 });
 * assert.deepEqual(tail, whole.subarray(13));
 * assert.deepEqual([...whole.subarray(8, 12)], [1, 0, 0, 0]); // word 1 starts with index 1
 * ```
 *
 * @param buf Buffer to fill.
 * @param options Pattern, stream offset of `buf[0]` and seed.
 * @returns `buf`.
 * @throws {UnknownStreamPatternError} When `pattern` is not a pattern name.
 * @throws {RangeError} When `offsetBytes` is not a non-negative safe integer.
 */
export function fillPattern(buf: Uint8Array, options: FillPatternOptions = {}): Uint8Array {
  const pattern = checkPattern(options.pattern ?? "sequence");
  const offset = checkByteCount("offsetBytes", options.offsetBytes ?? 0);
  if (pattern === "sequence") fillSequence(buf, offset, (options.seed ?? 0) >>> 0);
  else if (pattern === "ascii") fillAscii(buf, offset);
  else buf.fill(0);
  return buf;
}

/** Options of {@linkcode StreamVerifier}. */
export interface StreamVerifierOptions {
  /**
   * Pattern the sender used.
   *
   * @default {"sequence"}
   */
  pattern?: StreamPatternName;
  /**
   * Seed the sender used; its low 32 bits are used.
   *
   * @default {0}
   */
  seed?: number;
  /**
   * Bytes the sender sent, when known. Bytes missing at the end then count as lost, and bytes
   * past it count as corrupted.
   */
  expectedBytes?: number;
  /**
   * Size of the look-ahead buffer that `sequence` uses to find where the stream continues after a
   * byte that does not match, in bytes. Garbage longer than this is counted in pieces.
   *
   * @default {65536}
   */
  lookaheadBytes?: number;
  /**
   * Discontinuities (`sequence`) kept before the oldest half is classified for good. Each costs
   * about 100 bytes; bytes of a piece that arrive more than this many discontinuities later can
   * only be classified against what was kept.
   *
   * @default {4096}
   */
  maxSegments?: number;
}

/**
 * Checks a received stream against the pattern its sender generated, in constant memory.
 *
 * For `sequence`, the verifier finds out which stream offset each received byte holds, and
 * classifies every anomaly exactly:
 * - bytes landing on offsets already received are duplicated;
 * - bytes filling a gap below the highest offset seen are reordered;
 * - offsets never received (gaps, and the missing tail up to `expectedBytes`) are lost;
 * - bytes that match no offset are corrupted; when garbage exactly replaces the bytes between the
 *   runs around it, it counts as corrupted and the offsets it overwrote are not lost.
 *
 * The common case (bytes arriving in order) compares two whole words at a time and costs no
 * memory. After a byte that does not match, the verifier looks ahead, in a bounded buffer, for
 * where the stream continues: right after the mismatch every position is tried as the start of 8
 * bytes that locate themselves (any 8 contiguous bytes of `sequence` do); further on, a cheap
 * filter looks for a whole word followed by the next index, and the run found is extended
 * backwards byte by byte. Memory grows only with the number of discontinuities (bounded by
 * `maxSegments`) and with the gaps not yet filled.
 *
 * Bytes where two pieces meet can match both by coincidence (index fields share zero high
 * bytes). The verifier places each such boundary where the pieces cover the most stream offsets,
 * so a single anomaly of each kind (a lost, duplicated, swapped, inserted or overwritten piece)
 * is counted exactly. When several ambiguous boundaries depend on each other (many pieces
 * shuffled), a byte or two may be counted in a neighbouring category (seen in under 0.1% of
 * random shuffles of 5 to 10 pieces).
 *
 * Broken data costs about what intact data costs (at least 1 GB/s on 1 MiB streams, see
 * `stream_pattern_bench.ts`): the first 8 anomalies are classified in detail as above; after
 * them the verifier counts. Bytes altered in place (the words around them still match where they
 * should) count as corrupted one by one, without a search (upper-cased text, flipped bits); a
 * piece from elsewhere (two words in a row whose check fields differ whole) is located where it
 * starts, or looked for with the cheap filter only; a boundary between pieces is placed as it
 * comes, weighed against the offsets covered before it but not against the pieces that come
 * later, so a byte that matches both sides may count in a neighbouring category (80 of 142,848
 * swapped bytes in the tests), and a swapped piece whose check bytes happen to match where it
 * landed (about 1 in 60) counts as altered in place.
 *
 * Limits: a piece shorter than 8 bytes between two anomalies cannot locate itself, nor can a
 * piece shorter than 12 to 19 bytes (a whole word plus the next index) more than 32 bytes into
 * garbage; such pieces count as corrupted (their offsets as lost), except at the very end of the
 * stream when `expectedBytes` is known. Garbage that starts with the next expected byte, or ends
 * with the byte before, is indistinguishable from a duplicated byte. Streams longer than 32 GiB
 * are followed across the pattern's period by choosing the period nearest the current offset.
 *
 * For `zero` and `ascii`, the pattern does not say where a byte comes from: the verifier compares
 * each byte with the pattern at its receive position and reports corrupted bytes and a missing
 * tail only (never duplicated, reordered, or lost in the middle).
 *
 * @example A lost piece
 * ```ts
 * import { fillPattern, StreamVerifier } from "./stream_pattern.ts";
 * import assert from "node:assert/strict";
 *
 * const stream = fillPattern(new Uint8Array(1000), { seed: 1 });
 * const verifier = new StreamVerifier({ seed: 1, expectedBytes: 1000 });
 * verifier.push(stream.subarray(0, 300));
 * verifier.push(stream.subarray(313)); // 13 bytes lost
 * const summary = verifier.finish();
 * assert.equal(summary.lostBytes, 13);
 * assert.deepEqual(summary.lostRanges, [{ start: 300, end: 313 }]);
 * assert.equal(summary.firstMismatchAt, 300);
 * ```
 */
export class StreamVerifier {
  #pattern: StreamPatternName;
  #expectedBytes: number | undefined;
  #checker: SequenceChecker | OffsetChecker;
  #receivedBytes = 0;
  #summary: StreamCheckSummary | undefined;

  /**
   * @throws {UnknownStreamPatternError} When `pattern` is not a pattern name.
   * @throws {RangeError} When `expectedBytes` is not a non-negative safe integer.
   */
  constructor(options: StreamVerifierOptions = {}) {
    this.#pattern = checkPattern(options.pattern ?? "sequence");
    this.#expectedBytes = options.expectedBytes === undefined
      ? undefined
      : checkByteCount("expectedBytes", options.expectedBytes);
    this.#checker = this.#pattern === "sequence"
      ? new SequenceChecker({
        seed: (options.seed ?? 0) >>> 0,
        expectedBytes: this.#expectedBytes,
        lookaheadBytes: options.lookaheadBytes ?? 65536,
        maxSegments: options.maxSegments ?? 4096,
      })
      : new OffsetChecker(this.#pattern, this.#expectedBytes);
  }

  /** Bytes pushed so far. */
  get receivedBytes(): number {
    return this.#receivedBytes;
  }

  /**
   * Checks the next received bytes. The verifier does not keep `chunk`.
   *
   * @throws {StreamVerifierFinishedError} After {@linkcode StreamVerifier.finish}.
   */
  push(chunk: Uint8Array): void {
    if (this.#summary !== undefined) throw new StreamVerifierFinishedError();
    this.#receivedBytes += chunk.length;
    this.#checker.push(chunk);
  }

  /**
   * Ends the check and says what was found. Calling it again returns the same summary.
   *
   * @param options `ended`: whether the stream ended (the peer's EOF). When the receiver stopped
   *   reading first (at a byte count, or a timeout), bytes past the highest offset received are
   *   `unreadBytes`, not lost; `timedOut`: the receiver stopped at its timeout, and those bytes
   *   are `lateBytes` (lost, or late). @default {{ ended: true }}
   * @returns Counts in bytes; `firstMismatchAt` is a receive position (bytes since the first).
   */
  finish(options: { ended?: boolean; timedOut?: boolean } = {}): StreamCheckSummary {
    if (this.#summary !== undefined) return this.#summary;
    const counts = this.#checker.finish(options.ended ?? true);
    if (counts.firstMismatchAt === undefined) delete counts.firstMismatchAt;
    if (options.timedOut && counts.unreadBytes !== undefined) {
      // The receive waited for them: not merely unread.
      counts.lateBytes = counts.unreadBytes;
      delete counts.unreadBytes;
    }
    this.#summary = {
      pattern: this.#pattern,
      ...(this.#expectedBytes === undefined ? {} : { expectedBytes: this.#expectedBytes }),
      receivedBytes: this.#receivedBytes,
      ...counts,
    };
    return this.#summary;
  }
}
