/**
 * The `zero` stream pattern: every byte is 0x00.
 *
 * @module
 */

/**
 * Counts the non-zero bytes of `buf[from, to)` and finds the first of them.
 *
 * @returns `first` is the position in `buf` of the first non-zero byte, or -1.
 */
export function compareZero(
  buf: Uint8Array,
  from: number,
  to: number,
): { count: number; first: number } {
  let count = 0;
  let first = -1;
  let i = from;
  while (i < to && (buf.byteOffset + i) % 4 !== 0) {
    if (buf[i] !== 0) {
      count++;
      if (first < 0) first = i;
    }
    i++;
  }
  const words = Math.floor((to - i) / 4);
  if (words > 0) {
    const u32 = new Uint32Array(buf.buffer, buf.byteOffset + i, words);
    for (let k = 0; k < words; k++) {
      if (u32[k] === 0) continue;
      for (let b = i + k * 4; b < i + k * 4 + 4; b++) {
        if (buf[b] !== 0) {
          count++;
          if (first < 0) first = b;
        }
      }
    }
    i += words * 4;
  }
  for (; i < to; i++) {
    if (buf[i] !== 0) {
      count++;
      if (first < 0) first = i;
    }
  }
  return { count, first };
}
