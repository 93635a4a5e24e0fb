/**
 * Checks a received `sequence` stream in constant memory.
 *
 * While the bytes match the pattern at the expected offsets (the common case), whole words are
 * compared and the current run grows. At the first byte that does not match, the checker
 * searches forward, in a bounded look-ahead buffer, for where the stream continues (8 bytes that
 * locate themselves, see {@linkcode locateSequence}, near the mismatch; a word followed by the
 * next index, see {@linkcode findWordPair}, further on); the bytes skipped are garbage and the
 * located bytes start a new run. The {@linkcode SegmentLog} then says what was lost, duplicated,
 * reordered or corrupted.
 *
 * @module
 */
import {
  countSequence,
  fillSequence,
  findWordPair,
  locateSequence,
  matchSequence,
  SEQUENCE_PERIOD_BYTES,
  SEQUENCE_WORD_BYTES,
  sequenceByteAt,
  WORD_PAIR_BYTES,
} from "./_sequence.ts";
import { type CheckCounts, FLEX_BYTES, SegmentLog } from "./_segment_log.ts";
import { countDifferences } from "./_count_differences.ts";

const SCRATCH = new Uint8Array(65536);

/** Bytes of `bytes` that differ from the `sequence` bytes at stream offsets `offset, ...`. */
function countPatternDifferences(bytes: Uint8Array, offset: number, seed: number): number {
  const into = { count: 0, first: -1 };
  for (let at = 0; at < bytes.length; at += SCRATCH.length) {
    const n = Math.min(SCRATCH.length, bytes.length - at);
    fillSequence(SCRATCH.subarray(0, n), offset + at, seed);
    countDifferences(bytes, at, SCRATCH, 0, n, into);
  }
  return into.count;
}

/** Positions after a mismatch where pieces as short as 8 bytes are looked for. */
const SLOW_SCAN_BYTES = 32;
/**
 * Anomalies classified in detail (each costs tens of µs); after these, the checker counts: bytes
 * altered in place are counted as corrupted without a search, and boundaries are not refined.
 */
const DETAILED_ANOMALIES = 8;
/**
 * Bytes added to the pending buffer before the first search after a mismatch; each further search
 * gets twice as many, up to {@linkcode MAX_SEARCH_STEP_BYTES}. A run usually starts a few bytes
 * on, and the bytes after it are then copied out of the pending buffer again: small steps keep
 * that copy short, growing steps keep long garbage cheap.
 */
const SEARCH_STEP_BYTES = 256;
const MAX_SEARCH_STEP_BYTES = 16384;
/**
 * First size of the look-ahead buffer, which doubles up to its limit when garbage fills it:
 * zeroing 64 KiB costs about as much as checking 16 KiB, and most searches end within a few
 * hundred bytes.
 */
const FIRST_PENDING_BYTES = 4096;

/** Options of {@linkcode SequenceChecker}. */
export interface SequenceCheckerOptions {
  seed: number;
  expectedBytes?: number;
  lookaheadBytes: number;
  maxSegments: number;
}

/** Incremental checker of one received `sequence` stream. */
export class SequenceChecker {
  #seed: number;
  #expectedBytes: number | undefined;
  #log: SegmentLog;
  /** Receive position up to which bytes belong to segments; pending bytes start here. */
  #settled = 0;
  #searching = false;
  /** Bytes the next search step adds to the pending buffer. */
  #step = SEARCH_STEP_BYTES;
  /** Stream offset minus receive position, for the current run. */
  #delta = 0;
  /** The last bytes of the current run, newest last. */
  #tail = new Uint8Array(FLEX_BYTES);
  #tailLength = 0;
  /** The look-ahead buffer, allocated at the first mismatch: a clean stream never needs it. */
  #pending: Uint8Array = new Uint8Array(0);
  #pendingView: DataView = new DataView(this.#pending.buffer);
  readonly #lookaheadBytes: number;
  #pendingLength = 0;
  /** Buffers the bytes after a new run's start were copied to, free again (see `#copyOut`). */
  #spare: Uint8Array[] = [];
  /** Next pending position for the exact 8-byte search, and where that search stops. */
  #slowFrom = 0;
  #slowEnd = 0;
  /** Next pending position for the word-pair search. */
  #fastFrom = 0;
  /** Bytes at the start of the pending buffer that still belong to the current run. */
  #lead = 0;
  #firstMismatchAt: number | undefined;
  /** Searches started so far; past {@linkcode DETAILED_ANOMALIES}, the checker counts. */
  #anomalies = 0;
  #counting = false;
  /** Bytes of runs altered in place, counted while counting. */
  #differences = { count: 0, first: -1, sinceWhole: 0, firstSinceWhole: -1 };

  constructor(options: SequenceCheckerOptions) {
    this.#seed = options.seed;
    this.#expectedBytes = options.expectedBytes;
    this.#log = new SegmentLog(options.expectedBytes, options.maxSegments);
    // 64 KiB a verifier by default: 10,000 clients at once would hold 640 MiB up front.
    this.#lookaheadBytes = Math.max(64, options.lookaheadBytes);
  }

  /** Checks the next received bytes. */
  push(chunk: Uint8Array): void {
    let input = chunk;
    let at = 0;
    // Where to go on once the bytes a search handed back are checked (they may hand back more).
    const resumes: [Uint8Array, number][] = [];
    while (true) {
      if (at >= input.length) {
        if (input !== chunk) this.#spare.push(input);
        const resume = resumes.pop();
        if (resume === undefined) return;
        [input, at] = resume;
        continue;
      }
      if (!this.#searching) {
        at = this.#follow(input, at);
        continue;
      }
      const take = Math.min(
        input.length - at,
        this.#pending.length - this.#pendingLength,
        this.#step,
      );
      this.#step = Math.min(2 * this.#step, MAX_SEARCH_STEP_BYTES);
      this.#pending.set(input.subarray(at, at + take), this.#pendingLength);
      this.#pendingLength += take;
      at += take;
      const rest = this.#search();
      if (rest === undefined) continue;
      if (at < input.length) resumes.push([input, at]);
      else if (input !== chunk) this.#spare.push(input);
      input = rest;
      at = 0;
    }
  }

  /** Classifies what is left and returns the counts; `ended`: see {@linkcode SegmentLog.finish}. */
  finish(ended = true): CheckCounts {
    if (this.#searching) this.#settleAtEnd();
    else this.#alignEnd();
    const counts = this.#log.finish(ended);
    counts.corruptedBytes += this.#differences.count;
    return { ...counts, firstMismatchAt: this.#firstMismatchAt };
  }

  /** Accepts the bytes of `input` from `at` that continue the current run. */
  #follow(input: Uint8Array, at: number): number {
    const offset = this.#settled + this.#delta;
    let stop = input.length;
    if (this.#expectedBytes !== undefined) {
      // Bytes past the end of what was sent never continue the run.
      stop = Math.min(stop, at + Math.max(0, this.#expectedBytes - offset));
    }
    const bytes = stop === input.length ? input : input.subarray(0, stop);
    const end = this.#counting
      ? this.#count(bytes, at, offset)
      : matchSequence(bytes, at, offset, this.#seed);
    if (end > at) {
      this.#log.extend(end - at);
      this.#settled += end - at;
      this.#remember(input, at, end);
    }
    if (end < input.length && !(this.#counting && this.#relocate(input, end))) this.#startSearch();
    return end;
  }

  /**
   * While counting, starts a new run at `input[at]` when the 8 bytes there locate themselves: a
   * piece from elsewhere begins right there, and the search (a copy into the pending buffer, and
   * back out) is not needed.
   */
  #relocate(input: Uint8Array, at: number): boolean {
    if (at + SEQUENCE_WORD_BYTES > input.length) return false;
    const located = locateSequence(input, at, this.#seed);
    if (located < 0) return false;
    const offset = this.#unwrap(located);
    if (!this.#plausible(offset)) return false;
    this.#noteMismatch(this.#settled);
    this.#anomalies++;
    this.#startRun(offset);
    return true;
  }

  /**
   * Switches to searching. The pending buffer starts with the last bytes of the current run (its
   * lead): the piece that follows may have started a few bytes earlier, where its first bytes
   * matched the current run by coincidence.
   */
  #startSearch(): void {
    this.#noteMismatch(this.#settled);
    this.#searching = true;
    this.#step = SEARCH_STEP_BYTES;
    if (++this.#anomalies > DETAILED_ANOMALIES && !this.#counting) {
      this.#counting = true;
      this.#log.fixBoundaries();
    }
    if (this.#pending.length === 0) {
      this.#resizePending(Math.min(this.#lookaheadBytes, FIRST_PENDING_BYTES));
    }
    // While counting, neither short pieces nor shifted boundaries are looked for.
    this.#lead = this.#counting ? 0 : Math.min(SEQUENCE_WORD_BYTES - 1, this.#tailLength);
    this.#pending.set(this.#tail.subarray(this.#tailLength - this.#lead, this.#tailLength));
    this.#pendingLength = this.#lead;
    this.#slowFrom = 0;
    this.#slowEnd = this.#counting ? 0 : this.#lead + SLOW_SCAN_BYTES;
    this.#fastFrom = 0;
  }

  /** Counts bytes altered in place from `at` on; returns where a piece from elsewhere starts. */
  #count(bytes: Uint8Array, at: number, offset: number): number {
    // Matching is about twice as fast as counting: count only from the first difference on.
    const from = matchSequence(bytes, at, offset, this.#seed);
    if (from === bytes.length) return from;
    const differences = this.#differences;
    differences.first = -1;
    const end = countSequence(bytes, from, offset + (from - at), this.#seed, differences);
    if (differences.first >= 0) this.#noteMismatch(this.#settled + differences.first - at);
    return end;
  }

  #noteMismatch(at: number): void {
    if (this.#firstMismatchAt === undefined) this.#firstMismatchAt = at;
  }

  #remember(input: Uint8Array, from: number, to: number): void {
    const n = to - from;
    if (n >= FLEX_BYTES) {
      this.#tail.set(input.subarray(to - FLEX_BYTES, to));
      this.#tailLength = FLEX_BYTES;
      return;
    }
    const keep = Math.min(this.#tailLength, FLEX_BYTES - n);
    this.#tail.copyWithin(0, this.#tailLength - keep, this.#tailLength);
    this.#tail.set(input.subarray(from, to), keep);
    this.#tailLength = keep + n;
  }

  /**
   * Looks for where the stream continues in the pending buffer.
   *
   * Right after a mismatch (the lead and the next {@linkcode SLOW_SCAN_BYTES} positions), every
   * position is tried as the start of 8 self-locating bytes, so that pieces as short as 8 bytes
   * are found. Further on, a much cheaper filter looks for a whole word followed by the next
   * index (12 bytes), then extends the run it found backwards byte by byte.
   *
   * @returns The pending bytes from the new run on, when one was found.
   */
  #search(): Uint8Array | undefined {
    const slowEnd = Math.min(this.#slowEnd, this.#pendingLength - SEQUENCE_WORD_BYTES + 1);
    for (let p = this.#slowFrom; p < slowEnd; p++) {
      const located = locateSequence(this.#pending, p, this.#seed);
      if (located < 0) continue;
      const offset = this.#unwrap(located);
      if (this.#plausible(offset)) return this.#resync(p, offset);
    }
    this.#slowFrom = Math.max(this.#slowFrom, slowEnd);
    const fastEnd = this.#pendingLength - WORD_PAIR_BYTES + 1;
    for (let q = this.#fastFrom; q < fastEnd; q++) {
      q = findWordPair(this.#pendingView, q, fastEnd, this.#seed);
      if (q < 0) break;
      const offset = this.#unwrap(this.#pendingView.getUint32(q, true) * SEQUENCE_WORD_BYTES);
      if (!this.#plausible(offset)) continue;
      let start = q;
      while (
        start > 0 && offset - (q - start) > 0 &&
        this.#pending[start - 1] === sequenceByteAt(offset - (q - start) - 1, this.#seed)
      ) start--;
      return this.#resync(start, offset - (q - start));
    }
    this.#fastFrom = Math.max(this.#fastFrom, fastEnd);
    if (this.#pendingLength < this.#pending.length) return undefined;
    if (this.#pending.length < this.#lookaheadBytes) {
      this.#resizePending(Math.min(this.#lookaheadBytes, 2 * this.#pending.length));
    } else this.#discard();
    return undefined;
  }

  /** Replaces the pending buffer with one of `bytes` bytes that starts with the pending bytes. */
  #resizePending(bytes: number): void {
    const pending = new Uint8Array(bytes);
    pending.set(this.#pending.subarray(0, this.#pendingLength));
    this.#pending = pending;
    this.#pendingView = new DataView(pending.buffer);
  }

  /** Counts all but the last pending bytes (a run may start in them) as garbage. */
  #discard(): void {
    const keep = WORD_PAIR_BYTES + SEQUENCE_WORD_BYTES - 1;
    this.#addGarbage(this.#pendingLength - keep - this.#lead);
    this.#lead = 0;
    this.#pending.copyWithin(0, this.#pendingLength - keep, this.#pendingLength);
    this.#pendingLength = keep;
    this.#slowFrom = this.#slowEnd = 0;
    this.#fastFrom = 0;
  }

  #plausible(offset: number): boolean {
    return this.#expectedBytes === undefined ||
      offset + SEQUENCE_WORD_BYTES <= this.#expectedBytes;
  }

  #addGarbage(bytes: number): void {
    if (bytes <= 0) return;
    this.#log.startGarbage(this.#settled);
    this.#log.extend(bytes);
    this.#settled += bytes;
    this.#tailLength = 0;
  }

  /**
   * Starts a new run where the pending bytes at position `p` locate at stream offset `offset`.
   *
   * When `p` is inside the lead, the lead bytes from `p` on match both the current run and the
   * new one: they stay with the current run, and the boundary between the runs may later move
   * back over them (see {@linkcode SegmentLog}).
   */
  #resync(p: number, offset: number): Uint8Array {
    const lead = this.#lead;
    const from = Math.max(p, lead);
    const inPlace = p >= lead && this.#log.endsWithRun &&
      this.#settled + this.#delta + (p - lead) === offset;
    if (inPlace) {
      // The run goes on where it was: the bytes in between were altered in place, and only those
      // that differ from the pattern are corrupted.
      this.#differences.count += countPatternDifferences(
        this.#pending.subarray(lead, p),
        this.#settled + this.#delta,
        this.#seed,
      );
      this.#log.extend(p - lead);
      this.#settled += p - lead;
      this.#tailLength = 0;
    } else {
      this.#addGarbage(p - lead);
      this.#startRun(offset + (from - p));
    }
    const rest = this.#copyOut(this.#pending.subarray(from, this.#pendingLength));
    this.#pendingLength = 0;
    this.#lead = 0;
    this.#searching = false;
    return rest;
  }

  /**
   * A copy of `bytes` in a buffer of the spare ones (the pending buffer is refilled while they are
   * checked). Allocating a buffer costs about a microsecond, as much as checking 2 KiB.
   */
  #copyOut(bytes: Uint8Array): Uint8Array {
    const n = bytes.length;
    let k = this.#spare.length - 1;
    while (k >= 0 && this.#spare[k].buffer.byteLength < n) k--;
    let buffer: ArrayBufferLike;
    if (k < 0) buffer = new ArrayBuffer(Math.max(SEARCH_STEP_BYTES, n));
    else {
      buffer = this.#spare[k].buffer;
      this.#spare[k] = this.#spare[this.#spare.length - 1];
      this.#spare.pop();
    }
    const copy = new Uint8Array(buffer, 0, n);
    copy.set(bytes);
    return copy;
  }

  /** Starts a run at the current receive position, at stream offset `offset`. */
  #startRun(offset: number): void {
    const backFlex = this.#log.endsWithRun ? this.#matchingTail(offset) : 0;
    this.#delta = offset - this.#settled;
    this.#log.startRun(this.#settled, this.#delta, backFlex);
    this.#tailLength = 0;
  }

  /** How many of the current run's last bytes also match the pattern just before `offset`. */
  #matchingTail(offset: number): number {
    let n = 0;
    while (
      n < this.#tailLength && offset - n - 1 >= 0 &&
      this.#tail[this.#tailLength - n - 1] === sequenceByteAt(offset - n - 1, this.#seed)
    ) n++;
    return n;
  }

  /**
   * Places the pending bytes that locate nowhere (fewer than 8, or garbage): the longest suffix
   * that matches the end of the stream (when its length is known) is a run, the rest is garbage.
   */
  #settleAtEnd(): void {
    const n = this.#pendingLength - this.#lead;
    const tail = this.#pending.subarray(this.#lead, this.#pendingLength);
    const end = this.#expectedBytes;
    let k = 0;
    if (end !== undefined) {
      while (
        k < n && end - k - 1 >= 0 && tail[n - k - 1] === sequenceByteAt(end - k - 1, this.#seed)
      ) {
        k++;
      }
    }
    this.#addGarbage(n - k);
    if (k > 0) {
      this.#startRun((end as number) - k);
      this.#log.extend(k);
      this.#settled += k;
    }
    this.#pendingLength = 0;
    this.#lead = 0;
    this.#searching = false;
  }

  /**
   * When the stream ends short of `expectedBytes` in the middle of a run, the run's last bytes may
   * be the end of the stream, matching the run by coincidence: an empty run at the end offset
   * lets the boundary move back over them.
   */
  #alignEnd(): void {
    const end = this.#expectedBytes;
    if (end === undefined || this.#settled + this.#delta === end || !this.#log.endsWithRun) return;
    if (this.#matchingTail(end) > 0) this.#startRun(end);
  }

  /** The stream offset nearest the current one whose value modulo the period is `located`. */
  #unwrap(located: number): number {
    if (this.#expectedBytes !== undefined && this.#expectedBytes <= SEQUENCE_PERIOD_BYTES) {
      return located;
    }
    const reference = this.#settled + this.#delta;
    const periods = Math.max(0, Math.round((reference - located) / SEQUENCE_PERIOD_BYTES));
    return located + periods * SEQUENCE_PERIOD_BYTES;
  }
}
