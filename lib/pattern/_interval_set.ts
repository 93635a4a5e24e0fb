/**
 * A set of stream offsets kept as sorted, disjoint, non-adjacent ranges `[start, end)`.
 *
 * Memory is proportional to the number of gaps, not to the bytes covered: an in-order stream is
 * one range however long it is.
 *
 * @module
 */
import type { ByteRange } from "../record/event.ts";

export class IntervalSet {
  #starts: number[] = [];
  #ends: number[] = [];

  /** Number of disjoint ranges. */
  get rangeCount(): number {
    return this.#starts.length;
  }

  /** Index of the first range whose end is at or after `x` (ranges touching `x` included). */
  #firstEndingFrom(x: number): number {
    let lo = 0;
    let hi = this.#ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#ends[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether offset `x` is in the set. */
  has(x: number): boolean {
    const i = this.#firstEndingFrom(x + 1);
    return i < this.#starts.length && this.#starts[i] <= x;
  }

  /** Bytes of `[start, end)` that are in the set. */
  countIn(start: number, end: number): number {
    let covered = 0;
    for (let i = this.#firstEndingFrom(start + 1); i < this.#starts.length; i++) {
      if (this.#starts[i] >= end) break;
      covered += Math.min(end, this.#ends[i]) - Math.max(start, this.#starts[i]);
    }
    return covered;
  }

  /**
   * Adds `[start, end)`.
   *
   * @param overlaps Receives the pieces of `[start, end)` that were already in the set.
   * @returns Bytes of `[start, end)` that were already in the set.
   */
  add(start: number, end: number, overlaps?: (range: ByteRange) => void): number {
    if (end <= start) return 0;
    const first = this.#firstEndingFrom(start);
    let last = first;
    let mergedStart = start;
    let mergedEnd = end;
    let covered = 0;
    while (last < this.#starts.length && this.#starts[last] <= end) {
      const s = Math.max(start, this.#starts[last]);
      const e = Math.min(end, this.#ends[last]);
      if (e > s) {
        covered += e - s;
        overlaps?.({ start: s, end: e });
      }
      mergedStart = Math.min(mergedStart, this.#starts[last]);
      mergedEnd = Math.max(mergedEnd, this.#ends[last]);
      last++;
    }
    this.#starts.splice(first, last - first, mergedStart);
    this.#ends.splice(first, last - first, mergedEnd);
    return covered;
  }

  /**
   * The gaps of the set within `[0, limit)`.
   *
   * @returns Total bytes missing and the first `maxRanges` missing ranges.
   */
  gapsBelow(limit: number, maxRanges: number): { bytes: number; ranges: ByteRange[] } {
    const ranges: ByteRange[] = [];
    let bytes = 0;
    let cursor = 0;
    const note = (start: number, end: number) => {
      if (end <= start) return;
      bytes += end - start;
      if (ranges.length < maxRanges) ranges.push({ start, end });
    };
    for (let i = 0; i < this.#starts.length && cursor < limit; i++) {
      note(cursor, Math.min(limit, this.#starts[i]));
      cursor = Math.max(cursor, this.#ends[i]);
    }
    note(cursor, limit);
    return { bytes, ranges };
  }
}
