/**
 * Phrases that say exactly what a stream verifier or a datagram tracker found, for verdicts:
 * which datagrams were merged, how long truncated ones were, in how many pieces split ones came.
 *
 * @module
 */
import type { DatagramCheckSummary } from "../record/event.ts";
import { differingBytes, equalRange } from "./_byte_compare.ts";

/** Most examples a phrase names. */
const EXAMPLES = 8;

/** `#1, #2, ...`: the first examples of `total`, or "" when none were kept. */
function examples<T>(items: readonly T[], show: (item: T) => string, total: number): string {
  const shown = items.slice(0, EXAMPLES).map(show).join(", ");
  return shown && total > Math.min(items.length, EXAMPLES) ? `${shown}, ...` : shown;
}

/** ` (#1, #2, ...)`, or nothing when no example was kept. */
function list<T>(items: readonly T[], show: (item: T) => string, total: number): string {
  const shown = examples(items, show, total);
  return shown ? ` (${shown})` : "";
}

/**
 * The datagrams that did not arrive whole, one phrase a kind: merged (with the datagrams each
 * held), truncated (bytes received of bytes sent), split (the sizes of the pieces). Counts of
 * merged and truncated ones are out of the datagrams received, of split ones out of those sent.
 *
 * @example
 * ```ts
 * import { describeBoundaries } from "./diagnosis.ts";
 * import assert from "node:assert/strict";
 *
 * const phrases = describeBoundaries({
 *   sent: 10, received: 9, lost: 0, duplicated: 0, reordered: 0, truncated: 0, corrupted: 0,
 *   merged: 1, lostSeqs: [], duplicatedSeqs: [], mergedSeqs: [[1, 2]],
 * });
 * assert.deepEqual(phrases, ["1 of 9 received datagrams merged (#1+#2)"]);
 * ```
 */
export function describeBoundaries(s: DatagramCheckSummary): string[] {
  const phrases: string[] = [];
  const merged = s.merged ?? 0;
  if (merged > 0) {
    phrases.push(
      `${merged} of ${s.received} received datagrams merged${
        list(s.mergedSeqs ?? [], (group) => group.map((seq) => `#${seq}`).join("+"), merged)
      }`,
    );
  }
  if (s.truncated > 0) {
    const truncated = list(
      s.truncatedSeqs ?? [],
      (t) =>
        `#${t.seq}: ${t.receivedBytes}${
          t.sentBytes === undefined ? "" : ` of ${t.sentBytes}`
        } bytes`,
      s.truncated,
    );
    phrases.push(`${s.truncated} of ${s.received} received datagrams truncated${truncated}`);
  }
  const split = s.split ?? 0;
  if (split > 0) {
    phrases.push(
      `${split} of ${s.sent} sent datagrams split${
        list(s.splitSeqs ?? [], (p) => `#${p.seq} in ${p.pieceBytes.join(" + ")} bytes`, split)
      }`,
    );
  }
  return phrases;
}

/** Received datagrams that did not arrive whole: truncated, merged, or pieces of split ones. */
export function notWholeCount(s: DatagramCheckSummary): number {
  return s.truncated + (s.merged ?? 0) + (s.split ?? 0);
}

/**
 * The datagrams whose bytes were altered, out of those received, with the sequence numbers their
 * payloads still give.
 */
export function describeCorruption(s: DatagramCheckSummary): string | undefined {
  if (s.corrupted === 0) return undefined;
  const seqs = s.corruptedSeqs ?? [];
  const shown = examples(seqs, (seq) => `#${seq}`, s.corrupted);
  return `${s.corrupted} of ${s.received} received datagrams corrupted (bytes altered${
    shown ? `: ${shown}` : ""
  })`;
}

const PREVIEW_BYTES = 40;

function isText(bytes: Uint8Array): boolean {
  return bytes.every((b) => (b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d || b === 0x09);
}

/** A short quote of `bytes`: JSON text when printable, else hex. */
function preview(bytes: Uint8Array): string {
  const shown = bytes.subarray(0, PREVIEW_BYTES);
  const more = bytes.length > PREVIEW_BYTES ? "..." : "";
  if (isText(shown)) return JSON.stringify(new TextDecoder().decode(shown)) + more;
  return `0x${[...shown].map((b) => b.toString(16).padStart(2, "0")).join("")}${more}`;
}

/**
 * Says how `received` differs from `expected`: letters in another case, bytes that differ (how
 * many, where), bytes missing or extra at the end; then a short quote of both.
 *
 * @example
 * ```ts
 * import { describeDifference } from "./diagnosis.ts";
 * import assert from "node:assert/strict";
 *
 * const text = (s: string) => new TextEncoder().encode(s);
 * assert.equal(
 *   describeDifference(text("hello"), text("HELLO")),
 *   'the same letters in another case (5 of 5 bytes differ); expected "hello", received "HELLO"',
 * );
 * ```
 */
export function describeDifference(expected: Uint8Array, received: Uint8Array): string {
  return `${whatDiffers(expected, received)}; ${quoteBoth(expected, received)}`;
}

/** `expected "...", received "..."`: short quotes (JSON text when printable, else hex). */
export function quoteBoth(expected: Uint8Array, received: Uint8Array): string {
  return `expected ${preview(expected)}, received ${preview(received)}`;
}

/** Longest run of bytes missing or extra in the middle that {@linkcode whatDiffers} looks for. */
const MAX_SHIFT_BYTES = 64;

/** Whether `rest` matching bytes after `k` skipped ones make a shift more than a coincidence. */
function convincing(rest: number, k: number): boolean {
  return rest >= 3 || (rest >= 1 && k === 1);
}

function whatDiffers(expected: Uint8Array, received: Uint8Array): string {
  const n = Math.min(expected.length, received.length);
  let first = 0;
  while (first < n && expected[first] === received[first]) first++;
  if (first === n) {
    if (received.length < expected.length) {
      return `${received.length} of the ${expected.length} expected bytes: cut short`;
    }
    const extra = received.length - expected.length;
    return `${extra} byte${extra > 1 ? "s" : ""} more than the ${expected.length} expected`;
  }
  // Bytes missing (or extra) at the first difference, the rest the same?
  for (let k = 1; k <= MAX_SHIFT_BYTES; k++) {
    // A stream read takes as many bytes as expected: the bytes after the gap may follow.
    const rest = Math.min(expected.length - first - k, received.length - first);
    if (convincing(rest, k) && equalRange(expected, first + k, received, first, rest)) {
      return `${k} byte${k > 1 ? "s" : ""} missing at offset ${first}`;
    }
    const restExtra = Math.min(received.length - first - k, expected.length - first);
    if (convincing(restExtra, k) && equalRange(expected, first, received, first + k, restExtra)) {
      return `${k} extra byte${k > 1 ? "s" : ""} at offset ${first}`;
    }
  }
  const { differing, caseOnly } = differingBytes(expected, received, first, n);
  const parts = [
    caseOnly
      ? `the same letters in another case (${differing} of ${n} bytes differ)`
      : `${differing} of ${n} bytes differ, the first at offset ${first}`,
  ];
  if (received.length < expected.length) {
    parts.push(`${received.length} of the ${expected.length} expected bytes`);
  } else if (received.length > expected.length) {
    parts.push(
      `${received.length - expected.length} bytes more than the ${expected.length} expected`,
    );
  }
  return parts.join(", ");
}
