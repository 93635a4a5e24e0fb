/**
 * A 32-bit integer mixer and its inverse, used by the `sequence` stream pattern.
 *
 * `mix32(x)` is the MurmurHash3 32-bit finalizer (`fmix32`, Austin Appleby, public domain) applied
 * to `x + 0x9e3779b9`. The added constant (the golden-ratio increment) moves the finalizer's fixed
 * point `fmix32(0) === 0` away from the seed 0, so an all-zero word is not a valid `sequence` word
 * for the default seed. Both steps are bijections of the 32-bit integers, so `unmix32` recovers the
 * input: a receiver can locate a `sequence` word from its check field alone.
 *
 * @module
 */

/** Added to the input before `fmix32`. Hot loops inline `mix32`: keep them in step. */
export const MIX_GOLDEN = 0x9e3779b9;
/** First multiplier of `fmix32`. */
export const MIX_C1 = 0x85ebca6b;
/** Second multiplier of `fmix32`. */
export const MIX_C2 = 0xc2b2ae35;
const GOLDEN = MIX_GOLDEN;
const C1 = MIX_C1;
const C2 = MIX_C2;

/** Multiplicative inverse of an odd number modulo 2^32 (Newton iteration). */
function inverseOdd(a: number): number {
  let x = a;
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(a, x));
  return x >>> 0;
}

const C1_INV = inverseOdd(C1);
const C2_INV = inverseOdd(C2);

/**
 * Mixes a 32-bit integer: an avalanching bijection of `[0, 2^32)`.
 *
 * @param x An integer; only its low 32 bits are used.
 * @returns An unsigned 32-bit integer.
 */
export function mix32(x: number): number {
  let h = (x + GOLDEN) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, C1);
  h ^= h >>> 13;
  h = Math.imul(h, C2);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Inverts {@linkcode mix32}: `unmix32(mix32(x)) === x >>> 0`.
 *
 * @param h An integer; only its low 32 bits are used.
 * @returns An unsigned 32-bit integer.
 */
export function unmix32(h: number): number {
  h |= 0;
  h ^= h >>> 16;
  h = Math.imul(h, C2_INV);
  h ^= (h >>> 13) ^ (h >>> 26);
  h = Math.imul(h, C1_INV);
  h ^= h >>> 16;
  return (h - GOLDEN) >>> 0;
}
