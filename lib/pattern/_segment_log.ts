/**
 * The receive history of a `sequence` stream as a list of segments, and its classification.
 *
 * The receiver's bytes, in arrival order, are cut into segments:
 * - a run: contiguous received bytes that match the pattern at contiguous stream offsets
 *   (`offset = receive position + delta`);
 * - garbage: received bytes that match no offset.
 *
 * Where two segments meet, bytes can be ambiguous: the first bytes of a piece that arrived out of
 * place can match the previous run's continuation by coincidence (index fields share their zero
 * high bytes, for example), and the last bytes of a run can match the next run's alignment. Each
 * boundary therefore keeps a range of receive positions it may move within (at most
 * {@linkcode FLEX_BYTES} bytes). Before segments are classified, every boundary is placed where
 * its ambiguous bytes cover the most stream offsets that no other segment covers, then (on a tie)
 * where the fewest of them duplicate covered offsets. The counts of lost and duplicated bytes do
 * not depend on where a boundary between two runs sits (both alignments advance one offset per
 * byte); the placement makes reordered and corrupted counts exact as well.
 *
 * Classification folds segments in arrival order into a set of covered offsets: run bytes on
 * covered offsets are duplicated; run bytes below the highest offset seen that fill a gap are
 * reordered; garbage bytes are corrupted (and, when garbage exactly fills the gap between the runs
 * around it, it overwrote those offsets in place, which are then not lost).
 *
 * Memory is proportional to the number of segments kept (bounded by folding the oldest half when
 * `maxSegments` is reached) plus the gaps of the covered set.
 *
 * @module
 */
import type { ByteRange, StreamCheckSummary } from "../record/event.ts";
import { IntervalSet } from "./_interval_set.ts";

/** Most bytes a boundary between two segments may move. */
export const FLEX_BYTES = 8;
const MAX_REPORTED_RANGES = 16;
const MAX_PASSES = 8;
/**
 * Segments kept once boundaries are fixed: enough that the ambiguous boundaries placed before are
 * weighed against the pieces that came after them.
 */
const FIXED_MAX_SEGMENTS = 64;

interface Segment {
  garbage: boolean;
  recvStart: number;
  recvEnd: number;
  /** For runs: stream offset minus receive position. */
  delta: number;
  /** Lowest receive position the boundary after this segment may take. */
  splitLo: number;
  /** Highest receive position the boundary after this segment may take. */
  splitHi: number;
}

/** The counts a {@linkcode SegmentLog} produces. */
export type SegmentCounts = Pick<
  StreamCheckSummary,
  | "lostBytes"
  | "unreadBytes"
  | "lateBytes"
  | "duplicatedBytes"
  | "reorderedBytes"
  | "corruptedBytes"
  | "lostRanges"
  | "duplicatedRanges"
>;

/** The counts a stream checker produces. */
export type CheckCounts = SegmentCounts & Pick<StreamCheckSummary, "firstMismatchAt">;

/** Runs sorted by the lowest offset they may reach, to answer "is offset x covered?". */
class RunIndex {
  #order: number[];
  #reachStart: number[];
  #maxReachEnd: number[];
  #recvReach = new Map<number, [number, number]>();

  constructor(segments: Segment[]) {
    const runs: { k: number; start: number; end: number }[] = [];
    segments.forEach((seg, k) => {
      if (seg.garbage) return;
      const recvLow = k > 0 ? Math.min(seg.recvStart, segments[k - 1].splitLo) : seg.recvStart;
      const recvHigh = Math.max(seg.recvEnd, seg.splitHi);
      this.#recvReach.set(k, [recvLow, recvHigh]);
      runs.push({ k, start: recvLow + seg.delta, end: recvHigh + seg.delta });
    });
    runs.sort((a, b) => a.start - b.start);
    this.#order = runs.map((r) => r.k);
    this.#reachStart = runs.map((r) => r.start);
    this.#maxReachEnd = [];
    let max = -Infinity;
    for (const r of runs) {
      max = Math.max(max, r.end);
      this.#maxReachEnd.push(max);
    }
  }

  /** Lowest receive position run `k` may start at. */
  reachStartOf(k: number): number {
    return this.#recvReach.get(k)![0];
  }

  /** Highest receive position run `k` may end at. */
  reachEndOf(k: number): number {
    return this.#recvReach.get(k)![1];
  }

  /** Calls `visit` with the index of every run that may cover offset `x`, until it returns true. */
  some(x: number, visit: (k: number) => boolean): boolean {
    let lo = 0;
    let hi = this.#reachStart.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#reachStart[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0 && this.#maxReachEnd[i] > x; i--) {
      if (visit(this.#order[i])) return true;
    }
    return false;
  }
}

/** Segments of one received stream, and the classification of those already folded. */
export class SegmentLog {
  #segments: Segment[] = [];
  #expectedBytes: number | undefined;
  #maxSegments: number;
  /** Whether new boundaries are fixed where they are (no ambiguous bytes). */
  #fixed = false;

  #covered = new IntervalSet();
  #maxOffsetEnd = 0;
  #prevRunEnd = 0;
  #duplicated = 0;
  #reordered = 0;
  #corrupted = 0;
  #duplicatedRanges: ByteRange[] = [];

  constructor(expectedBytes: number | undefined, maxSegments: number) {
    this.#expectedBytes = expectedBytes;
    this.#maxSegments = Math.max(4, maxSegments);
    this.#segments.push(makeSegment(false, 0, 0));
  }

  /** Whether the newest segment is a run with at least one byte. */
  get endsWithRun(): boolean {
    const last = this.#segments.at(-1);
    return last !== undefined && !last.garbage && last.recvEnd > last.recvStart;
  }

  /** Places the boundaries made from now on where they are, without weighing ambiguous bytes. */
  fixBoundaries(): void {
    this.#fixed = true;
  }

  /**
   * Starts a run at receive position `at` whose bytes are at stream offsets `at + delta`.
   *
   * @param backFlex How many bytes before `at` (the end of the previous run) also match this
   *   run's alignment.
   */
  startRun(at: number, delta: number, backFlex: number): void {
    const last = this.#openNext();
    if (last !== undefined && this.#fixed) {
      const moved = last.garbage ? 0 : this.#fixedBoundary(last, at, delta, backFlex);
      last.recvEnd = last.splitLo = last.splitHi = at - moved;
      const run = makeSegment(false, at - moved, delta);
      run.recvEnd = at;
      this.#segments.push(run);
      this.#compactIfFull();
      return;
    }
    if (last !== undefined) {
      if (last.garbage) {
        last.splitLo = at;
        last.splitHi = at + FLEX_BYTES;
      } else {
        last.splitLo = at - Math.min(backFlex, last.recvEnd - last.recvStart);
        last.splitHi = at;
      }
    }
    this.#segments.push(makeSegment(false, at, delta));
    this.#compactIfFull();
  }

  /**
   * Where a boundary goes once boundaries are fixed, weighed against what came before it only:
   * of the `backFlex` ambiguous bytes before `at`, the last `m` go to the new run (the boundary
   * moves back over them), for the `m` that leaves the most of them on offsets nothing else
   * covers; on a tie, the largest. A piece moved forward then keeps its first bytes, and a piece
   * that fills a gap its last ones.
   *
   * @returns How many bytes the boundary moves back.
   */
  #fixedBoundary(last: Segment, at: number, delta: number, backFlex: number): number {
    const k = Math.min(backFlex, last.recvEnd - last.recvStart, FLEX_BYTES);
    if (k <= 0) return 0;
    const inNew = this.#coveredFlags(at - k + delta, k, last);
    const inOld = this.#coveredFlags(at - k + last.delta, k, last);
    let best = 0;
    let bestFresh = -1;
    for (let m = 0; m <= k; m++) {
      let fresh = 0;
      for (let b = 0; b < k; b++) if (!(b >= k - m ? inNew[b] : inOld[b])) fresh++;
      if (fresh >= bestFresh) {
        best = m;
        bestFresh = fresh;
      }
    }
    return best;
  }

  /** Which of offsets `start, ..., start + n - 1` folded segments or runs other than `skip` cover. */
  #coveredFlags(start: number, n: number, skip: Segment): boolean[] {
    const flags: boolean[] = [];
    for (let b = 0; b < n; b++) flags.push(this.#covered.has(start + b));
    for (const seg of this.#segments) {
      if (seg === skip || seg.garbage) continue;
      const from = Math.max(start, seg.recvStart + seg.delta);
      const to = Math.min(start + n, seg.recvEnd + seg.delta);
      for (let x = from; x < to; x++) flags[x - start] = true;
    }
    return flags;
  }

  /** Starts garbage at receive position `at`, or continues the newest garbage. */
  startGarbage(at: number): void {
    const last = this.#segments.at(-1);
    if (last?.garbage) return;
    const previous = this.#openNext();
    if (previous !== undefined && this.#fixed) previous.splitLo = previous.splitHi = at;
    else if (previous !== undefined) {
      previous.splitLo = at - Math.min(FLEX_BYTES, previous.recvEnd - previous.recvStart);
      previous.splitHi = at;
    }
    this.#segments.push(makeSegment(true, at, 0));
    this.#compactIfFull();
  }

  /** Adds `bytes` received bytes to the newest segment (removes them, when negative). */
  extend(bytes: number): void {
    const last = this.#segments[this.#segments.length - 1];
    last.recvEnd += bytes;
    last.splitLo = last.splitHi = last.recvEnd;
  }

  /**
   * Classifies every segment and returns the counts.
   *
   * @param ended Whether the stream ended (EOF): if not, the offsets past the highest one received
   *   were not read rather than lost.
   */
  finish(ended = true): SegmentCounts {
    this.#resolve();
    this.#fold(this.#segments.length, true);
    let limit = this.#expectedBytes ?? this.#maxOffsetEnd;
    let unread = 0;
    if (!ended && limit > this.#maxOffsetEnd) {
      unread = limit - this.#maxOffsetEnd;
      limit = this.#maxOffsetEnd;
    }
    const gaps = this.#covered.gapsBelow(limit, MAX_REPORTED_RANGES);
    return {
      ...(unread > 0 ? { unreadBytes: unread } : {}),
      lostBytes: gaps.bytes,
      duplicatedBytes: this.#duplicated,
      reorderedBytes: this.#reordered,
      corruptedBytes: this.#corrupted,
      lostRanges: gaps.ranges,
      duplicatedRanges: this.#duplicatedRanges,
    };
  }

  /** Drops an empty first run (nothing matched offset 0) and returns the newest segment. */
  #openNext(): Segment | undefined {
    const last = this.#segments.at(-1);
    if (
      this.#segments.length === 1 && last !== undefined && !last.garbage &&
      last.recvEnd === last.recvStart
    ) {
      this.#segments.pop();
      return undefined;
    }
    return last;
  }

  #compactIfFull(): void {
    // Fixed boundaries need no look back: fold early and keep the list short.
    const max = this.#fixed ? Math.min(this.#maxSegments, FIXED_MAX_SEGMENTS) : this.#maxSegments;
    if (this.#segments.length <= max) return;
    this.#resolve();
    this.#fold(this.#segments.length >>> 1, false);
  }

  /**
   * Places every boundary: coordinate descent from two starting points (every ambiguous byte with
   * the earlier segment, then with the later one), keeping the placement that covers more offsets
   * (then repeats fewer). Two starts escape most chains of ties that a single descent stops at.
   */
  #resolve(): void {
    if (this.#segments.length < 2 || !this.#segments.some(isAmbiguous)) return;
    const index = new RunIndex(this.#segments);
    this.#descend(index);
    const first = this.#segments.map((seg) => seg.recvEnd);
    const firstQuality = this.#quality();
    let ambiguous = false;
    for (let k = 0; k + 1 < this.#segments.length; k++) {
      const left = this.#segments[k];
      const lo = Math.max(left.splitLo, left.recvStart);
      if (lo < left.recvEnd) {
        ambiguous = true;
        this.#moveBoundary(k, lo);
      }
    }
    if (!ambiguous) return;
    this.#descend(index);
    const secondQuality = this.#quality();
    const better = secondQuality[0] - firstQuality[0] || secondQuality[1] - firstQuality[1];
    if (better <= 0) first.forEach((end, k) => this.#moveBoundary(k, end));
  }

  #moveBoundary(k: number, at: number): void {
    this.#segments[k].recvEnd = at;
    if (k + 1 < this.#segments.length) this.#segments[k + 1].recvStart = at;
  }

  #descend(index: RunIndex): void {
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      let moved = false;
      for (let k = 0; k + 1 < this.#segments.length; k++) {
        if (this.#settleBoundary(k, index)) moved = true;
      }
      if (!moved) break;
    }
  }

  /** Offsets the runs cover that nothing folded covers, and minus the bytes that repeat one. */
  #quality(): [number, number] {
    const ranges: [number, number][] = [];
    let assigned = 0;
    for (const seg of this.#segments) {
      if (seg.garbage || seg.recvEnd <= seg.recvStart) continue;
      const start = seg.recvStart + seg.delta;
      const end = Math.min(seg.recvEnd + seg.delta, this.#expectedBytes ?? Infinity);
      if (end <= start) continue;
      ranges.push([start, end]);
      assigned += end - start;
    }
    ranges.sort((a, b) => a[0] - b[0]);
    let distinct = 0;
    let cursor = -Infinity;
    for (const [start, end] of ranges) {
      const from = Math.max(start, cursor);
      if (end > from) distinct += end - from - this.#covered.countIn(from, end);
      cursor = Math.max(cursor, end);
    }
    return [distinct, distinct - assigned];
  }

  /**
   * Moves the boundary between segments `k` and `k + 1` to its best place: where the ambiguous
   * bytes cover the most offsets no other segment covers; on a tie, where the fewest of them
   * repeat a covered offset; on a tie, where the most of them cover offsets no other run could
   * reach (whatever its own boundaries); on a tie, where it is.
   */
  #settleBoundary(k: number, index: RunIndex): boolean {
    const left = this.#segments[k];
    const right = this.#segments[k + 1];
    const lo = Math.max(left.splitLo, left.recvStart);
    const hi = Math.min(left.splitHi, right.recvEnd);
    if (hi <= lo) return false;
    // Where run j's bytes are, or may be, leaving out the bytes this boundary decides.
    const holds = (x: number, j: number, reach: boolean) => {
      const seg = this.#segments[j];
      let start = reach ? index.reachStartOf(j) : seg.recvStart;
      let end = reach ? index.reachEndOf(j) : seg.recvEnd;
      if (j === k) end = Math.min(end, lo);
      if (j === k + 1) start = Math.max(start, hi);
      const at = x - seg.delta;
      return at >= start && at < end;
    };
    const covered = (x: number) => this.#covered.has(x) || index.some(x, (j) => holds(x, j, false));
    const reachable = (x: number) => index.some(x, (j) => holds(x, j, true));
    const score = (t: number): [number, number, number] => {
      let assigned = 0;
      let fresh = 0;
      let exclusive = 0;
      const visit = (x: number) => {
        assigned++;
        if (this.#expectedBytes !== undefined && x >= this.#expectedBytes) return;
        if (covered(x)) return;
        fresh++;
        if (!reachable(x)) exclusive++;
      };
      if (!left.garbage) { for (let at = lo; at < t; at++) visit(at + left.delta); }
      if (!right.garbage) {
        for (let at = t; at < hi; at++) {
          const x = at + right.delta;
          // An offset both segments would hold counts once as fresh, twice as assigned.
          if (!left.garbage && x >= lo + left.delta && x < t + left.delta) assigned++;
          else visit(x);
        }
      }
      return [fresh, fresh - assigned, exclusive];
    };
    const current = left.recvEnd;
    let best = current;
    let bestScore = score(current);
    for (let t = lo; t <= hi; t++) {
      if (t === current) continue;
      const s = score(t);
      const better = s[0] - bestScore[0] || s[1] - bestScore[1] || s[2] - bestScore[2];
      if (better > 0) {
        best = t;
        bestScore = s;
      }
    }
    if (best === current) return false;
    left.recvEnd = best;
    right.recvStart = best;
    return true;
  }

  /** Classifies the first `count` segments, in arrival order, and forgets them. */
  #fold(count: number, final: boolean): void {
    for (let k = 0; k < count; k++) {
      const seg = this.#segments[k];
      if (seg.recvEnd <= seg.recvStart) continue;
      if (seg.garbage) this.#foldGarbage(seg, this.#segments[k + 1], final);
      else this.#foldRun(seg);
    }
    this.#segments.splice(0, count);
  }

  #foldGarbage(seg: Segment, next: Segment | undefined, final: boolean): void {
    const bytes = seg.recvEnd - seg.recvStart;
    this.#corrupted += bytes;
    let nextStart: number | undefined;
    if (next !== undefined && !next.garbage) nextStart = next.recvStart + next.delta;
    else if (next === undefined && final) nextStart = this.#expectedBytes;
    if (nextStart !== undefined && nextStart - this.#prevRunEnd === bytes) {
      // The garbage overwrote exactly the offsets between the runs around it.
      this.#covered.add(this.#prevRunEnd, nextStart);
      this.#maxOffsetEnd = Math.max(this.#maxOffsetEnd, nextStart);
    }
  }

  #foldRun(seg: Segment): void {
    const start = seg.recvStart + seg.delta;
    let end = seg.recvEnd + seg.delta;
    this.#prevRunEnd = end;
    const limit = this.#expectedBytes;
    if (limit !== undefined && end > limit) {
      // Bytes past the end of what was sent match the pattern but were never sent.
      const clipped = Math.max(start, limit);
      this.#corrupted += end - clipped;
      end = clipped;
    }
    const below = Math.min(end, this.#maxOffsetEnd);
    if (below > start) this.#reordered += below - start - this.#covered.countIn(start, below);
    this.#duplicated += this.#covered.add(start, end, (range) => this.#noteDuplicate(range));
    this.#maxOffsetEnd = Math.max(this.#maxOffsetEnd, end);
  }

  #noteDuplicate(range: ByteRange): void {
    const last = this.#duplicatedRanges.at(-1);
    if (last !== undefined && last.end === range.start) last.end = range.end;
    else if (this.#duplicatedRanges.length < MAX_REPORTED_RANGES) {
      this.#duplicatedRanges.push({ ...range });
    }
  }
}

/** Whether the boundary after `seg` may move (the counting mode fixes boundaries; most are). */
function isAmbiguous(seg: Segment): boolean {
  return seg.splitLo < seg.recvEnd || seg.splitHi > seg.recvEnd;
}

function makeSegment(garbage: boolean, at: number, delta: number): Segment {
  return { garbage, recvStart: at, recvEnd: at, delta, splitLo: at, splitHi: at };
}
