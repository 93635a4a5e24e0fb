/** Comparisons of byte ranges that the difference phrases share. @internal @module */

/** Whether `a[aAt, aAt + n)` equals `b[bAt, bAt + n)`. */
export function equalRange(
  a: Uint8Array,
  aAt: number,
  b: Uint8Array,
  bAt: number,
  n: number,
): boolean {
  for (let i = 0; i < n; i++) if (a[aAt + i] !== b[bAt + i]) return false;
  return true;
}

function lower(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b + 0x20 : b;
}

/**
 * How `a` and `b` differ over `[from, to)`: the bytes that differ, and whether each of them is
 * the same ASCII letter in another case.
 */
export function differingBytes(
  a: Uint8Array,
  b: Uint8Array,
  from: number,
  to: number,
): { differing: number; caseOnly: boolean } {
  let differing = 0;
  let caseOnly = true;
  for (let i = from; i < to; i++) {
    if (a[i] === b[i]) continue;
    differing++;
    if (lower(a[i]) !== lower(b[i])) caseOnly = false;
  }
  return { differing, caseOnly };
}
