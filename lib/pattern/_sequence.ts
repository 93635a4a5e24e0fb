/**
 * The `sequence` stream pattern: encoding, matching and locating.
 *
 * The stream is a series of 8-byte words. Word `i`, at stream offset `8 * i`, is the u32 LE index
 * `i` followed by the u32 LE check `mix32(i ^ seed)`. The index wraps at 2^32, so the pattern
 * repeats every 2^35 bytes (32 GiB).
 *
 * @module
 */
import { mix32, MIX_C1, MIX_C2, MIX_GOLDEN, unmix32 } from "./_mix32.ts";

/** Bytes in one `sequence` word. */
export const SEQUENCE_WORD_BYTES = 8;

/** Bytes after which the `sequence` pattern repeats: 2^32 words of 8 bytes (32 GiB). */
export const SEQUENCE_PERIOD_BYTES = 2 ** 35;

const WORDS_PER_PERIOD = 2 ** 32;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Index (modulo 2^32) of the word that holds stream offset `offset`. */
function wordIndexAt(offset: number): number {
  return Math.floor(offset / SEQUENCE_WORD_BYTES) % WORDS_PER_PERIOD;
}

/** The byte of the `sequence` pattern at stream offset `offset`. */
export function sequenceByteAt(offset: number, seed: number): number {
  const index = wordIndexAt(offset);
  const lane = offset % SEQUENCE_WORD_BYTES;
  const value = lane < 4 ? index : mix32(index ^ seed);
  return (value >>> ((lane & 3) * 8)) & 0xff;
}

/** Words in the scratch buffer used for buffers that are not 4-byte aligned (an even number). */
const SCRATCH_WORDS = 8192;
const SCRATCH = new ArrayBuffer(SCRATCH_WORDS * SEQUENCE_WORD_BYTES);

/** Writes words `index, index + 1, ...` into `i32` (its length a multiple of 4). */
function fillPairs(i32: Int32Array, index: number, seed: number): void {
  const n = i32.length;
  let i = index;
  for (let k = 0; k < n; k += 4) {
    let a = ((i ^ seed) + MIX_GOLDEN) | 0;
    let b = (((i + 1) ^ seed) + MIX_GOLDEN) | 0;
    a ^= a >>> 16;
    b ^= b >>> 16;
    a = Math.imul(a, MIX_C1);
    b = Math.imul(b, MIX_C1);
    a ^= a >>> 13;
    b ^= b >>> 13;
    a = Math.imul(a, MIX_C2);
    b = Math.imul(b, MIX_C2);
    i32[k] = i;
    i32[k + 1] = a ^ (a >>> 16);
    i32[k + 2] = i + 1;
    i32[k + 3] = b ^ (b >>> 16);
    i = (i + 2) | 0;
  }
}

/** Writes word `index` at `buf[at, at + 8)`, byte by byte. */
function writeWord(buf: Uint8Array, at: number, index: number, seed: number): void {
  const check = mix32(index ^ seed);
  for (let lane = 0; lane < 4; lane++) {
    buf[at + lane] = (index >>> (lane * 8)) & 0xff;
    buf[at + 4 + lane] = (check >>> (lane * 8)) & 0xff;
  }
}

/**
 * Writes `words` whole words starting with word `index` at `buf[at]`: in place when `buf[at]` is
 * 4-byte aligned, through an aligned scratch buffer otherwise.
 */
function fillWords(buf: Uint8Array, at: number, words: number, index: number, seed: number): void {
  let done = 0;
  if (LITTLE_ENDIAN) {
    const pairs = words & ~1;
    const byteOffset = buf.byteOffset + at;
    if (byteOffset % 4 === 0) {
      fillPairs(new Int32Array(buf.buffer, byteOffset, pairs * 2), index | 0, seed | 0);
      done = pairs;
    } else {
      while (done < pairs) {
        const n = Math.min(pairs - done, SCRATCH_WORDS);
        const scratch = new Int32Array(SCRATCH, 0, n * 2);
        fillPairs(scratch, (index + done) | 0, seed | 0);
        buf.set(
          new Uint8Array(SCRATCH, 0, n * SEQUENCE_WORD_BYTES),
          at + done * SEQUENCE_WORD_BYTES,
        );
        done += n;
      }
    }
  }
  for (let w = done; w < words; w++) {
    writeWord(buf, at + w * SEQUENCE_WORD_BYTES, (index + w) >>> 0, seed);
  }
}

/** Fills `buf` with the `sequence` bytes of stream offsets `[offset, offset + buf.length)`. */
export function fillSequence(buf: Uint8Array, offset: number, seed: number): void {
  let i = 0;
  let at = offset;
  while (i < buf.length && at % SEQUENCE_WORD_BYTES !== 0) buf[i++] = sequenceByteAt(at++, seed);
  const words = Math.floor((buf.length - i) / SEQUENCE_WORD_BYTES);
  if (words > 0) {
    fillWords(buf, i, words, wordIndexAt(at), seed);
    i += words * SEQUENCE_WORD_BYTES;
    at += words * SEQUENCE_WORD_BYTES;
  }
  while (i < buf.length) buf[i++] = sequenceByteAt(at++, seed);
}

/** First position in `buf[at, at + 8)` whose byte differs from word `index`, or -1. */
function firstDifferenceInWord(buf: Uint8Array, at: number, index: number, seed: number): number {
  const check = mix32(index ^ seed);
  for (let lane = 0; lane < SEQUENCE_WORD_BYTES; lane++) {
    const value = lane < 4 ? index : check;
    if (buf[at + lane] !== ((value >>> ((lane & 3) * 8)) & 0xff)) return at + lane;
  }
  return -1;
}

/**
 * Index in `i32` of the first pair of words that differs from words `index, index + 1, ...`, or
 * -1. `i32.length` is a multiple of 4.
 *
 * The verifier's hot path: `mix32` is inlined and two words are checked an iteration (two
 * independent hash computations run in parallel on the CPU), about twice as fast as calling
 * `mix32` a word. Kept small so that V8 optimizes it on its own.
 */
function findDifferentPair(i32: Int32Array, index: number, seed: number): number {
  const n = i32.length;
  let i = index;
  for (let k = 0; k < n; k += 4) {
    let a = ((i ^ seed) + MIX_GOLDEN) | 0;
    let b = (((i + 1) ^ seed) + MIX_GOLDEN) | 0;
    a ^= a >>> 16;
    b ^= b >>> 16;
    a = Math.imul(a, MIX_C1);
    b = Math.imul(b, MIX_C1);
    a ^= a >>> 13;
    b ^= b >>> 13;
    a = Math.imul(a, MIX_C2);
    b = Math.imul(b, MIX_C2);
    a ^= a >>> 16;
    b ^= b >>> 16;
    if ((i32[k] ^ i) | (i32[k + 1] ^ a) | (i32[k + 2] ^ (i + 1)) | (i32[k + 3] ^ b)) return k;
    i = (i + 2) | 0;
  }
  return -1;
}

/** Position in `buf` of the first differing byte of the 2 words at `buf[at]`, from `index`. */
function firstDifferenceInPair(buf: Uint8Array, at: number, index: number, seed: number): number {
  const first = firstDifferenceInWord(buf, at, index >>> 0, seed);
  if (first >= 0) return first;
  return firstDifferenceInWord(buf, at + SEQUENCE_WORD_BYTES, (index + 1) >>> 0, seed);
}

/**
 * Compares `words` whole words starting with word `index` at `buf[at]`: in place when `buf[at]`
 * is 4-byte aligned, through an aligned scratch buffer otherwise.
 *
 * @returns The position of the first differing byte, or -1.
 */
function matchWords(
  buf: Uint8Array,
  at: number,
  words: number,
  index: number,
  seed: number,
): number {
  let done = 0;
  if (LITTLE_ENDIAN) {
    const pairs = words & ~1;
    const byteOffset = buf.byteOffset + at;
    while (done < pairs) {
      let view: Int32Array;
      let n: number;
      if (byteOffset % 4 === 0) {
        n = pairs;
        view = new Int32Array(buf.buffer, byteOffset, n * 2);
      } else {
        n = Math.min(pairs - done, SCRATCH_WORDS);
        const from = at + done * SEQUENCE_WORD_BYTES;
        new Uint8Array(SCRATCH).set(buf.subarray(from, from + n * SEQUENCE_WORD_BYTES));
        view = new Int32Array(SCRATCH, 0, n * 2);
      }
      const k = findDifferentPair(view, (index + done) | 0, seed | 0);
      if (k >= 0) {
        const word = done + k / 2;
        return firstDifferenceInPair(buf, at + word * SEQUENCE_WORD_BYTES, index + word, seed);
      }
      done += n;
    }
  }
  for (let w = done; w < words; w++) {
    const first = firstDifferenceInWord(buf, at + w * SEQUENCE_WORD_BYTES, (index + w) >>> 0, seed);
    if (first >= 0) return first;
  }
  return -1;
}

/**
 * Compares `buf[from..]` with the `sequence` bytes starting at stream offset `offset`.
 *
 * @returns The position in `buf` of the first byte that differs, or `buf.length` if all match.
 */
export function matchSequence(buf: Uint8Array, from: number, offset: number, seed: number): number {
  let i = from;
  let at = offset;
  while (i < buf.length && at % SEQUENCE_WORD_BYTES !== 0) {
    if (buf[i] !== sequenceByteAt(at, seed)) return i;
    i++;
    at++;
  }
  const words = Math.floor((buf.length - i) / SEQUENCE_WORD_BYTES);
  if (words > 0) {
    const differs = matchWords(buf, i, words, wordIndexAt(at), seed);
    if (differs >= 0) return differs;
    i += words * SEQUENCE_WORD_BYTES;
    at += words * SEQUENCE_WORD_BYTES;
  }
  while (i < buf.length) {
    if (buf[i] !== sequenceByteAt(at, seed)) return i;
    i++;
    at++;
  }
  return buf.length;
}

function readU32LE(buf: Uint8Array, at: number): number {
  return (buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16) | (buf[at + 3] << 24)) >>> 0;
}

function windowMatches(buf: Uint8Array, at: number, offset: number, seed: number): boolean {
  for (let k = 0; k < SEQUENCE_WORD_BYTES; k++) {
    if (buf[at + k] !== sequenceByteAt(offset + k, seed)) return false;
  }
  return true;
}

/**
 * Finds which stream offset the 8 bytes `buf[at, at + 8)` come from, whatever their alignment.
 *
 * Any 8 contiguous bytes of the pattern hold either a whole check field (when the first byte is at
 * lanes 0..4 of its word) or a whole index field (lanes 4..7), and `mix32` is invertible, so each
 * of the 8 possible lanes gives one candidate offset; a candidate is accepted when all 8 bytes
 * match it (a false match has probability about 2^-32 per lane).
 *
 * @returns The offset modulo {@linkcode SEQUENCE_PERIOD_BYTES} of `buf[at]`, or -1.
 */
export function locateSequence(buf: Uint8Array, at: number, seed: number): number {
  for (let lane = 0; lane < SEQUENCE_WORD_BYTES; lane++) {
    let offset: number;
    if (lane <= 4) {
      const index = (unmix32(readU32LE(buf, at + 4 - lane)) ^ seed) >>> 0;
      offset = index * SEQUENCE_WORD_BYTES + lane;
    } else {
      const next = readU32LE(buf, at + SEQUENCE_WORD_BYTES - lane);
      offset = (next * SEQUENCE_WORD_BYTES - SEQUENCE_WORD_BYTES + lane + SEQUENCE_PERIOD_BYTES) %
        SEQUENCE_PERIOD_BYTES;
    }
    if (windowMatches(buf, at, offset, seed)) return offset;
  }
  return -1;
}

/** Bytes {@linkcode findWordPair} needs: an index field, its check field and the next index. */
export const WORD_PAIR_BYTES = 12;

/**
 * Finds the first position `q` in `[from, end)` where `view` holds a whole word (index `i` and
 * check `mix32(i ^ seed)`) followed by the index `i + 1`: a cheap filter (two reads and a
 * subtraction a position; random bytes pass it with probability 2^-32) for scanning long
 * garbage. `end + 11` must not exceed `view.byteLength`.
 *
 * @returns The position, or -1.
 */
export function findWordPair(view: DataView, from: number, end: number, seed: number): number {
  for (let q = from; q < end; q++) {
    const index = view.getUint32(q, true);
    if (
      ((view.getUint32(q + SEQUENCE_WORD_BYTES, true) - index) | 0) === 1 &&
      view.getUint32(q + 4, true) === mix32(index ^ seed)
    ) return q;
  }
  return -1;
}
