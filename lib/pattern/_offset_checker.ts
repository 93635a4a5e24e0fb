/**
 * Checks a received `zero` or `ascii` stream byte by byte against the offset it should be at.
 *
 * These patterns do not say where a byte comes from (every `zero` byte is alike, and `ascii`
 * repeats every 6935 bytes), so only corrupted bytes and a missing tail are found.
 *
 * @module
 */
import { compareAscii } from "./_ascii.ts";
import { compareZero } from "./_zero.ts";
import type { CheckCounts } from "./_segment_log.ts";

/** Incremental checker of one received `zero` or `ascii` stream. */
export class OffsetChecker {
  #pattern: "zero" | "ascii";
  #expectedBytes: number | undefined;
  #received = 0;
  #corrupted = 0;
  #firstMismatchAt: number | undefined;

  constructor(pattern: "zero" | "ascii", expectedBytes: number | undefined) {
    this.#pattern = pattern;
    this.#expectedBytes = expectedBytes;
  }

  /** Checks the next received bytes. */
  push(chunk: Uint8Array): void {
    let limit = chunk.length;
    if (this.#expectedBytes !== undefined) {
      limit = Math.min(limit, Math.max(0, this.#expectedBytes - this.#received));
    }
    const found = this.#pattern === "zero"
      ? compareZero(chunk, 0, limit)
      : compareAscii(chunk, 0, limit, this.#received);
    this.#corrupted += found.count;
    if (found.first >= 0) this.#noteMismatch(this.#received + found.first);
    if (limit < chunk.length) {
      // Bytes past the end of what was sent.
      this.#corrupted += chunk.length - limit;
      this.#noteMismatch(this.#received + limit);
    }
    this.#received += chunk.length;
  }

  /** Returns the counts; a missing tail is lost if the stream `ended`, else not read. */
  finish(ended = true): CheckCounts {
    const tail = this.#expectedBytes === undefined
      ? 0
      : Math.max(0, this.#expectedBytes - this.#received);
    const missing = ended ? tail : 0;
    return {
      ...(ended || tail === 0 ? {} : { unreadBytes: tail }),
      lostBytes: missing,
      duplicatedBytes: 0,
      reorderedBytes: 0,
      corruptedBytes: this.#corrupted,
      firstMismatchAt: this.#firstMismatchAt,
      lostRanges: missing > 0 ? [{ start: this.#received, end: this.#received + missing }] : [],
      duplicatedRanges: [],
    };
  }

  #noteMismatch(at: number): void {
    if (this.#firstMismatchAt === undefined) this.#firstMismatchAt = at;
  }
}
