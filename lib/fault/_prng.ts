/**
 * Seeded pseudo-random numbers for fault decisions: the same seed gives the same decisions.
 *
 * mulberry32 (Tommy Ettinger, public domain) is small, fast and good enough to pick which
 * datagram to drop; it is not for cryptography. Each fault, direction and connection gets its
 * own generator, seeded from the run seed and those labels, so that adding traffic on one
 * connection does not shift the decisions on another.
 *
 * @internal
 * @module
 */

/** A seeded generator. */
export interface Prng {
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
}

/** A mulberry32 generator from a 32-bit seed. */
export function mulberry32(seed: number): Prng {
  let state = seed >>> 0;
  function next(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
  };
}

/**
 * Derives a 32-bit seed from the run seed and labels (fault index, direction, connection) with
 * FNV-1a and the murmur3 finaliser.
 */
export function deriveSeed(seed: number, ...labels: (string | number)[]): number {
  const text = [seed, ...labels].join("/");
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** A generator for one fault, direction and connection of a run. */
export function faultPrng(seed: number, ...labels: (string | number)[]): Prng {
  return mulberry32(deriveSeed(seed, ...labels));
}
