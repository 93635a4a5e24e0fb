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
  // Integer arithmetic for offsets below 2 GiB (nearly all), where it is much faster.
  if (offset < 0x80000000) return offset >>> 3;
  return Math.floor(offset / SEQUENCE_WORD_BYTES) % WORDS_PER_PERIOD;
}

/** The byte of the `sequence` pattern at stream offset `offset`. */
export function sequenceByteAt(offset: number, seed: number): number {
  const index = wordIndexAt(offset);
  const lane = offset < 0x80000000 ? offset & 7 : offset % SEQUENCE_WORD_BYTES;
  const value = lane < 4 ? index : mix32(index ^ seed);
  return (value >>> ((lane & 3) * 8)) & 0xff;
}

/** Words in the scratch buffer used for buffers that are not 4-byte aligned (an even number). */
const SCRATCH_WORDS = 8192;
const SCRATCH = new ArrayBuffer(SCRATCH_WORDS * SEQUENCE_WORD_BYTES);
const SCRATCH_BYTES = new Uint8Array(SCRATCH);
const SCRATCH_I32 = new Int32Array(SCRATCH);

// A view of the last buffer compared: a new view for each call costs as much as comparing
// hundreds of bytes, and the chunks of a stream often share a buffer.
let wordsBuffer: ArrayBufferLike | undefined;
let wordsView: Int32Array<ArrayBufferLike> = new Int32Array(0);

/** The 32-bit words of `buffer`, at least up to byte `endByte` (its whole length, rounded down). */
function wordsOf(buffer: ArrayBufferLike, endByte: number): Int32Array {
  // A buffer that grew (resizable) or was transferred needs a new view.
  if (buffer !== wordsBuffer || wordsView.length * 4 < endByte) {
    wordsBuffer = buffer;
    wordsView = new Int32Array(buffer, 0, buffer.byteLength >>> 2);
  }
  return wordsView;
}
/**
 * Words copied to the scratch buffer at a time to compare a buffer that is not aligned (even
 * numbers): the first block is small, as comparing often stops soon (at the end of a short piece),
 * and each next one twice as large, up to the largest.
 */
const FIRST_BLOCK_WORDS = 8;
const COMPARE_BLOCK_WORDS = 512;

/** Whole words of a buffer as 32-bit integers: `view[base, base + 2 * words)`. */
interface WordWindow {
  view: Int32Array;
  base: number;
  words: number;
  /** Words the next copy to the scratch buffer may take. */
  block: number;
}

function newWindow(): WordWindow {
  return { view: SCRATCH_I32, base: 0, words: 0, block: FIRST_BLOCK_WORDS };
}

/**
 * Puts into `window` the next whole words of `buf` from byte `at`, at most `wanted` (an even
 * number, when `wanted` is): all of them in place when `buf[at]` is 4-byte aligned, else the next
 * block of them copied to the scratch buffer.
 */
function nextWords(buf: Uint8Array, at: number, wanted: number, window: WordWindow): void {
  const byteOffset = buf.byteOffset + at;
  if (byteOffset % 4 === 0) {
    window.words = wanted;
    window.view = wordsOf(buf.buffer, byteOffset + wanted * SEQUENCE_WORD_BYTES);
    window.base = byteOffset >>> 2;
    return;
  }
  const n = Math.min(wanted, window.block);
  window.block = Math.min(2 * window.block, COMPARE_BLOCK_WORDS);
  SCRATCH_BYTES.set(buf.subarray(at, at + n * SEQUENCE_WORD_BYTES));
  window.words = n;
  window.view = SCRATCH_I32;
  window.base = 0;
}

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
 * Index in `i32[from, end)` of the first pair of words that differs from words `index, index + 1,
 * ...`, or -1. `end - from` is a multiple of 4.
 *
 * The verifier's hot path: `mix32` is inlined and two words are checked an iteration (two
 * independent hash computations run in parallel on the CPU), about twice as fast as calling
 * `mix32` a word. Kept small so that V8 optimizes it on its own.
 */
function findDifferentPair(
  i32: Int32Array,
  from: number,
  end: number,
  index: number,
  seed: number,
): number {
  let i = index;
  for (let k = from; k < end; k += 4) {
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
    const window = newWindow();
    while (done < pairs) {
      nextWords(buf, at + done * SEQUENCE_WORD_BYTES, pairs - done, window);
      const { view, base: start, words: n } = window;
      const k = findDifferentPair(view, start, start + n * 2, (index + done) | 0, seed | 0);
      if (k >= 0) {
        const word = done + (k - start) / 2;
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

/** Whether `buf[at, at + n)` holds bytes `from, from + 1, ...` (little-endian) of `value`. */
function bytesOf(buf: Uint8Array, at: number, n: number, value: number, from: number): boolean {
  for (let k = 0; k < n; k++) {
    if (buf[at + k] !== ((value >>> ((from + k) * 8)) & 0xff)) return false;
  }
  return true;
}

/**
 * Finds which stream offset the 8 bytes `buf[at, at + 8)` come from, whatever their alignment.
 *
 * Any 8 contiguous bytes of the pattern hold either a whole check field (when the first byte is at
 * lanes 0..4 of its word) or a whole index field (lanes 4..7), and `mix32` is invertible, so each
 * of the 8 possible lanes gives one candidate offset; a candidate is accepted when the other 4
 * bytes match it too (a false match has probability about 2^-32 per lane).
 *
 * @returns The offset modulo {@linkcode SEQUENCE_PERIOD_BYTES} of `buf[at]`, or -1.
 */
export function locateSequence(buf: Uint8Array, at: number, seed: number): number {
  for (let lane = 0; lane < SEQUENCE_WORD_BYTES; lane++) {
    if (lane <= 4) {
      // The check field of word `index` at at + 4 - lane: index bytes before it, the next
      // index's after it.
      const index = (unmix32(readU32LE(buf, at + 4 - lane)) ^ seed) >>> 0;
      if (
        bytesOf(buf, at, 4 - lane, index, lane) &&
        bytesOf(buf, at + 8 - lane, lane, (index + 1) >>> 0, 0)
      ) return index * SEQUENCE_WORD_BYTES + lane;
    } else {
      // The index field of word `next` at at + 8 - lane: the previous word's check bytes before
      // it, its own check's after it.
      const next = readU32LE(buf, at + SEQUENCE_WORD_BYTES - lane);
      const index = (next - 1) >>> 0;
      if (
        bytesOf(buf, at, 8 - lane, mix32(index ^ seed), lane - 4) &&
        bytesOf(buf, at + 12 - lane, lane - 4, mix32(next ^ seed), 0)
      ) return index * SEQUENCE_WORD_BYTES + lane;
    }
  }
  return -1;
}

/** Bytes {@linkcode findWordPair} needs: an index field, its check field and the next index. */
export const WORD_PAIR_BYTES = 12;

function isWordPair(view: DataView, q: number, seed: number): boolean {
  const index = view.getUint32(q, true);
  return ((view.getUint32(q + SEQUENCE_WORD_BYTES, true) - index) | 0) === 1 &&
    view.getUint32(q + 4, true) === mix32(index ^ seed);
}

// Views of the last buffer scanned: a checker scans its one pending buffer many times.
let cachedView: DataView | undefined;
let cachedWords: Int32Array = new Int32Array(0);
let cachedBytes: Uint8Array = new Uint8Array(0);

function findWordPairBytewise(view: DataView, from: number, end: number, seed: number): number {
  for (let q = from; q < end; q++) if (isWordPair(view, q, seed)) return q;
  return -1;
}

/**
 * Finds the first position `q` in `[from, end)` where `view` holds a whole word (index `i` and
 * check `mix32(i ^ seed)`) followed by the index `i + 1` (random bytes pass with probability
 * 2^-32), for scanning long garbage.
 *
 * Scanning every position costs about 1 ns a byte, so an aligned 32-bit filter goes first: in a
 * word pair, the top bytes of indexes `i` and `i + 1`, 8 bytes apart, are equal, so some aligned
 * 4 bytes within 3 bytes of `q` have a zero byte when XORed with the 4 bytes 8 further on (random
 * bytes: 1 in 64). Only the positions around those are tried, and of them only those where the
 * two top bytes of the indexes are equal. A pair whose index carries into its two top bytes (once
 * in 2^16) is missed, and the next pair, 8 bytes on, is found instead.
 * `end + 11` must not exceed `view.byteLength`.
 *
 * @returns The position, or -1.
 */
export function findWordPair(view: DataView, from: number, end: number, seed: number): number {
  if (view.byteOffset % 4 !== 0 || end - from < 64) {
    return findWordPairBytewise(view, from, end, seed);
  }
  if (view !== cachedView) {
    cachedView = view;
    cachedWords = new Int32Array(view.buffer, view.byteOffset, view.byteLength >>> 2);
    cachedBytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  }
  const words = cachedWords;
  const bytes = cachedBytes;
  // Position q is flagged by the aligned block r in [q - 2, q + 3], which reads up to r + 11,
  // and only bytes before end + 11 are known.
  const wordEnd = end - 3;
  let k = Math.max(0, (from - 3) >> 2);
  const kEnd = ((wordEnd + 3) >> 2) + 1;
  let tried = from;
  for (; k < kEnd && k + 2 < words.length; k++) {
    const x = words[k] ^ words[k + 2];
    if (((x - 0x01010101) & ~x & 0x80808080) === 0) continue;
    const r = k << 2;
    const lo = Math.max(tried, r - 3);
    const hi = Math.min(wordEnd, r + 4);
    for (let q = lo; q < hi; q++) {
      // The two top bytes of indexes i and i + 1 are equal but once in 2^16.
      if (bytes[q + 3] !== bytes[q + 11] || bytes[q + 2] !== bytes[q + 10]) continue;
      if (isWordPair(view, q, seed)) return q;
    }
    if (hi > tried) tried = hi;
  }
  return findWordPairBytewise(view, Math.max(tried, wordEnd), end, seed);
}

/** Differing bytes found by {@linkcode countSequence}. */
export interface SequenceDifferences {
  /** Bytes that differ from the pattern. */
  count: number;
  /** Position in the buffer of the first differing byte, or -1. */
  first: number;
  /** Of `count`, the bytes since the last word that matched whole. */
  sinceWhole: number;
  /** Position in the buffer of the first differing byte since that word, or -1. */
  firstSinceWhole: number;
}

/** Number of non-zero bytes in the 32-bit `x`. */
function nonZeroBytes(x: number): number {
  const high = (((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) & 0x80808080;
  return Math.imul(high >>> 7, 0x01010101) >>> 24;
}

/** The high bit of every byte: what `nonZeroBytes` computes when all 4 bytes are non-zero. */
const ALL_BYTES_DIFFER = 0x80808080 | 0;

/** Lane (0 to 3, little-endian) of the lowest non-zero byte of the non-zero 32-bit `x`. */
function lowestByte(x: number): number {
  return (31 - Math.clz32(x & -x)) >>> 3;
}

/**
 * Differing bytes of word `w` (at `i32[base + 2 * w]`), which should be word `index + w`, and the
 * first lane.
 */
function wordDifferences(
  i32: Int32Array,
  base: number,
  w: number,
  index: number,
  seed: number,
): [number, number] {
  const i = (index + w) | 0;
  const dIndex = i32[base + 2 * w] ^ i;
  const dCheck = i32[base + 2 * w + 1] ^ mix32(i ^ seed);
  if ((dIndex | dCheck) === 0) return [0, -1];
  const lane = dIndex !== 0 ? lowestByte(dIndex) : 4 + lowestByte(dCheck);
  return [nonZeroBytes(dIndex) + nonZeroBytes(dCheck), lane];
}

/**
 * Counts the bytes of aligned whole words that differ from words `index, index + 1, ...`, until
 * two words in a row differ in all 4 bytes of their check field: a piece from elsewhere rather
 * than bytes altered in place (a check byte survives in-place alteration such as upper-casing with
 * probability about 0.9, and matches a random byte with probability 1/256). The piece may start
 * in the bytes since the last word that matched whole: `into.sinceWhole` and
 * `into.firstSinceWhole` say which (the caller takes them back).
 *
 * The loop hashes two words side by side (as findDifferentPair) and branches only on what is
 * rare whatever the data (a word whose check field differs whole); which words were altered, an
 * unpredictable branch on data such as upper-cased text, is worked out afterwards, backwards from
 * where the loop stopped.
 *
 * @returns The position (`at` plus the byte position in `i32`) where the piece from elsewhere may
 *   start, or -1 when there is none.
 */
function countWords(
  i32: Int32Array,
  base: number,
  words: number,
  index: number,
  seed: number,
  into: SequenceDifferences,
  at: number,
): number {
  let count = 0;
  let firstWord = -1;
  let previousForeign = 0;
  let end = words; // words counted
  let stopped = false;
  let i = index;
  let w = 0;
  for (; w + 1 < words; w += 2) {
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
    const k = base + 2 * w;
    const d0 = i32[k] ^ i;
    const d1 = i32[k + 1] ^ a;
    const d2 = i32[k + 2] ^ (i + 1);
    const d3 = i32[k + 3] ^ b;
    i = (i + 2) | 0;
    const h0 = (((d0 & 0x7f7f7f7f) + 0x7f7f7f7f) | d0) & 0x80808080;
    const h1 = (((d1 & 0x7f7f7f7f) + 0x7f7f7f7f) | d1) & 0x80808080;
    const h2 = (((d2 & 0x7f7f7f7f) + 0x7f7f7f7f) | d2) & 0x80808080;
    const h3 = (((d3 & 0x7f7f7f7f) + 0x7f7f7f7f) | d3) & 0x80808080;
    count += Math.imul((h0 >>> 7) + (h1 >>> 7), 0x01010101) >>> 24;
    count += Math.imul((h2 >>> 7) + (h3 >>> 7), 0x01010101) >>> 24;
    if (firstWord < 0 && (d0 | d1 | d2 | d3) !== 0) firstWord = (d0 | d1) !== 0 ? w : w + 1;
    const f0 = h1 === ALL_BYTES_DIFFER ? 1 : 0;
    const f1 = h3 === ALL_BYTES_DIFFER ? 1 : 0;
    if ((f0 | f1) !== 0) {
      if ((previousForeign & f0) !== 0 || (f0 & f1) !== 0) {
        end = w + 2;
        stopped = true;
        break;
      }
    }
    previousForeign = f1;
  }
  if (!stopped && w < words) {
    const [n, lane] = wordDifferences(i32, base, w, index, seed);
    count += n;
    if (firstWord < 0 && lane >= 0) firstWord = w;
    const foreign = n > 0 && lane >= 0 &&
      nonZeroBytes(i32[base + 2 * w + 1] ^ mix32(((index + w) | 0) ^ seed)) === 4;
    if (foreign && previousForeign === 1) stopped = true;
    end = words;
  }
  if (into.first < 0 && firstWord >= 0) {
    into.first = at + firstWord * SEQUENCE_WORD_BYTES +
      wordDifferences(i32, base, firstWord, index, seed)[1];
  }
  into.count += count;
  // Back from the last word counted to the last whole word: the bytes since it.
  let since = 0;
  let firstSince = -1;
  let v = end - 1;
  for (; v >= 0; v--) {
    const [n, lane] = wordDifferences(i32, base, v, index, seed);
    if (n === 0) break;
    since += n;
    firstSince = at + v * SEQUENCE_WORD_BYTES + lane;
  }
  if (v >= 0) {
    into.sinceWhole = since;
    into.firstSinceWhole = firstSince;
  } else if (end > 0) {
    // No whole word here: the bytes since the last one began before.
    into.sinceWhole += since;
    if (into.firstSinceWhole < 0) into.firstSinceWhole = firstSince;
  }
  return stopped ? into.firstSinceWhole : -1;
}

/**
 * Like {@linkcode matchSequence}, but goes on past bytes altered in place: counts the bytes of
 * `buf[from..]` that differ from the `sequence` bytes starting at stream offset `offset`, and
 * stops where two whole words in a row look like a piece from elsewhere (see `countWords`), or
 * at the end of `buf`, at the first differing byte since the last whole word (the bytes of the
 * next buffer may show that a piece from elsewhere starts there). Runs at the speed of the
 * intact case whatever the alterations.
 *
 * @returns The position in `buf` where the counted bytes end (`buf.length` when all were counted).
 */
export function countSequence(
  buf: Uint8Array,
  from: number,
  offset: number,
  seed: number,
  into: SequenceDifferences,
): number {
  let i = from;
  let at = offset;
  into.sinceWhole = 0;
  into.firstSinceWhole = -1;
  while (i < buf.length && at % SEQUENCE_WORD_BYTES !== 0) countByte(buf, i++, at++, seed, into);
  const words = Math.floor((buf.length - i) / SEQUENCE_WORD_BYTES);
  let done = 0;
  const window = newWindow();
  while (LITTLE_ENDIAN && done < words) {
    const start = i + done * SEQUENCE_WORD_BYTES;
    nextWords(buf, start, words - done, window);
    const { view, base, words: n } = window;
    const stop = countWords(view, base, n, (wordIndexAt(at) + done) | 0, seed | 0, into, start);
    if (stop >= 0) return takeBack(into);
    done += n;
  }
  for (; done < words; done++) {
    for (let k = 0; k < SEQUENCE_WORD_BYTES; k++) countByte(buf, i++, at++, seed, into);
  }
  if (LITTLE_ENDIAN) {
    i += words * SEQUENCE_WORD_BYTES;
    at += words * SEQUENCE_WORD_BYTES;
  }
  while (i < buf.length) countByte(buf, i++, at++, seed, into);
  // A piece from elsewhere may start in the last bytes that differ: the caller looks there.
  return into.firstSinceWhole >= 0 ? takeBack(into) : buf.length;
}

/** Counts `buf[i]` into `into` when it differs from the pattern byte at stream offset `at`. */
function countByte(
  buf: Uint8Array,
  i: number,
  at: number,
  seed: number,
  into: SequenceDifferences,
): void {
  if (buf[i] === sequenceByteAt(at, seed)) return;
  into.count++;
  into.sinceWhole++;
  if (into.first < 0) into.first = i;
  if (into.firstSinceWhole < 0) into.firstSinceWhole = i;
}

/** Uncounts the bytes since the last whole word; returns where the first of them is. */
function takeBack(into: SequenceDifferences): number {
  into.count -= into.sinceWhole;
  if (into.first >= into.firstSinceWhole) into.first = -1;
  return into.firstSinceWhole;
}
