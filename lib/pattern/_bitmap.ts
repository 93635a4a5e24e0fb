/**
 * A growable set of small non-negative integers, one bit each.
 *
 * @module
 */

const POPCOUNT = Uint8Array.from({ length: 256 }, (_, b) => {
  let n = 0;
  for (let v = b; v > 0; v >>= 1) n += v & 1;
  return n;
});

/** A growable bitmap: memory is one bit per integer up to the largest one set. */
export class Bitmap {
  #bits: Uint8Array;

  constructor(initialBits = 0) {
    this.#bits = new Uint8Array(Math.ceil(initialBits / 8));
  }

  /** Whether `i` is in the set. */
  has(i: number): boolean {
    const byte = i >>> 3;
    return byte < this.#bits.length && (this.#bits[byte] & (1 << (i & 7))) !== 0;
  }

  /** Adds `i`; returns whether it was already there. */
  add(i: number): boolean {
    const byte = Math.floor(i / 8);
    if (byte >= this.#bits.length) {
      const grown = new Uint8Array(Math.max(byte + 1, this.#bits.length * 2, 64));
      grown.set(this.#bits);
      this.#bits = grown;
    }
    const mask = 1 << (i & 7);
    const had = (this.#bits[byte] & mask) !== 0;
    this.#bits[byte] |= mask;
    return had;
  }

  /** How many integers of `[from, to)` are in the set. */
  countIn(from: number, to: number): number {
    const end = Math.min(to, this.#bits.length * 8);
    let n = 0;
    let i = from;
    for (; i < end && (i & 7) !== 0; i++) if (this.has(i)) n++;
    for (; i + 8 <= end; i += 8) n += POPCOUNT[this.#bits[i >>> 3]];
    for (; i < end; i++) if (this.has(i)) n++;
    return n;
  }

  /** The first `limit` integers of `[from, to)` that are not in the set. */
  missing(from: number, to: number, limit: number): number[] {
    const found: number[] = [];
    for (let i = from; i < to && found.length < limit; i++) {
      if ((i & 7) === 0 && (i >>> 3) < this.#bits.length && this.#bits[i >>> 3] === 0xff) {
        i += 7;
        continue;
      }
      if (!this.has(i)) found.push(i);
    }
    return found;
  }
}
