/**
 * The `ascii` stream pattern: chargen-like printable lines (RFC 864 style).
 *
 * Line `k` is 72 characters followed by `"\n"` (73 bytes). Its characters are the 95 printable
 * ASCII characters `0x20..0x7e` in order, starting at character `k % 95` and wrapping. The byte at
 * stream offset `o` is therefore a pure function of `o`, with a period of 95 lines (6935 bytes).
 *
 * @module
 */

import { countDifferences, type Differences } from "./_count_differences.ts";

/** Printable characters on one `ascii` line, before its `"\n"`. */
export const ASCII_LINE_CHARS = 72;
const LINE_BYTES = ASCII_LINE_CHARS + 1;
const PRINTABLE = 95;
const FIRST_PRINTABLE = 0x20;
const NEWLINE = 0x0a;

/** Bytes after which the `ascii` pattern repeats. */
export const ASCII_PERIOD_BYTES = PRINTABLE * LINE_BYTES;

/** The byte of the `ascii` pattern at stream offset `offset`. */
export function asciiByteAt(offset: number): number {
  const line = Math.floor(offset / LINE_BYTES);
  const column = offset % LINE_BYTES;
  if (column === ASCII_LINE_CHARS) return NEWLINE;
  return FIRST_PRINTABLE + ((line + column) % PRINTABLE);
}

/**
 * Two periods of the pattern, in four copies that start at byte offsets 0..3 of their buffers, so
 * that any received range has a copy with the same alignment to compare against word by word.
 */
const TABLES: Uint8Array[] = [0, 1, 2, 3].map((shift) => {
  const table = new Uint8Array(new ArrayBuffer(shift + 2 * ASCII_PERIOD_BYTES), shift);
  for (let o = 0; o < table.length; o++) table[o] = asciiByteAt(o);
  return table;
});

/** Fills `buf` with the `ascii` bytes of stream offsets `[offset, offset + buf.length)`. */
export function fillAscii(buf: Uint8Array, offset: number): void {
  let i = 0;
  let at = offset % ASCII_PERIOD_BYTES;
  while (i < buf.length) {
    const take = Math.min(buf.length - i, ASCII_PERIOD_BYTES);
    buf.set(TABLES[0].subarray(at, at + take), i);
    i += take;
    at = (at + take) % ASCII_PERIOD_BYTES;
  }
}

/**
 * Counts the bytes of `buf[from, to)` that differ from the `ascii` pattern starting at stream
 * offset `offset`, and finds the first of them.
 *
 * @returns `first` is the position in `buf` of the first differing byte, or -1.
 */
export function compareAscii(
  buf: Uint8Array,
  from: number,
  to: number,
  offset: number,
): Differences {
  const found: Differences = { count: 0, first: -1 };
  let i = from;
  let at = offset % ASCII_PERIOD_BYTES;
  while (i < to) {
    const take = Math.min(to - i, ASCII_PERIOD_BYTES);
    const shift = (((buf.byteOffset + i - at) % 4) + 4) % 4;
    countDifferences(buf, i, TABLES[shift], at, take, found);
    i += take;
    at = (at + take) % ASCII_PERIOD_BYTES;
  }
  return found;
}
