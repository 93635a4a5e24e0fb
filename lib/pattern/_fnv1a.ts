/**
 * FNV-1a 32-bit hash (Fowler, Noll, Vo; see IETF draft-eastlake-fnv), seeded by XOR-ing the seed
 * into the offset basis. With seed 0 it is the standard FNV-1a 32.
 *
 * @module
 */

/** The FNV-1a 32-bit offset basis. */
export const FNV1A_32_BASIS = 0x811c9dc5;
const FNV_32_PRIME = 0x01000193;

/**
 * Continues an FNV-1a 32-bit hash over `bytes[from, to)`.
 *
 * @param hash The hash so far, for example `FNV1A_32_BASIS ^ seed`.
 * @returns The unsigned 32-bit hash.
 */
export function fnv1a32(hash: number, bytes: Uint8Array, from: number, to: number): number {
  let h = hash | 0;
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i], FNV_32_PRIME);
  return h >>> 0;
}
