/**
 * Counting the bytes that differ between two byte ranges, a word at a time.
 *
 * @module
 */

/** How many bytes differ, and the position in `a` of the first one (-1 when none). */
export interface Differences {
  count: number;
  first: number;
}

function countBytes(
  a: Uint8Array,
  aStart: number,
  b: Uint8Array,
  bStart: number,
  length: number,
  into: Differences,
): void {
  for (let j = 0; j < length; j++) {
    if (a[aStart + j] !== b[bStart + j]) {
      into.count++;
      if (into.first < 0) into.first = aStart + j;
    }
  }
}

/**
 * Adds to `into` the bytes of `a[aStart, aStart + length)` that differ from
 * `b[bStart, bStart + length)`. Compares 32-bit words when both ranges have the same alignment
 * (`a.byteOffset + aStart` and `b.byteOffset + bStart` equal modulo 4), bytes otherwise.
 */
export function countDifferences(
  a: Uint8Array,
  aStart: number,
  b: Uint8Array,
  bStart: number,
  length: number,
  into: Differences,
): void {
  const aAlign = (a.byteOffset + aStart) % 4;
  if (aAlign !== (b.byteOffset + bStart) % 4 || length < 8) {
    countBytes(a, aStart, b, bStart, length, into);
    return;
  }
  const head = (4 - aAlign) % 4;
  countBytes(a, aStart, b, bStart, head, into);
  const words = (length - head) >>> 2;
  const aWords = new Int32Array(a.buffer, a.byteOffset + aStart + head, words);
  const bWords = new Int32Array(b.buffer, b.byteOffset + bStart + head, words);
  for (let k = 0; k < words; k++) {
    if (aWords[k] !== bWords[k]) {
      countBytes(a, aStart + head + k * 4, b, bStart + head + k * 4, 4, into);
    }
  }
  const done = head + words * 4;
  countBytes(a, aStart + done, b, bStart + done, length - done, into);
}
