/**
 * What an echo did to the bytes sent to it, from the first bytes sent and received on the
 * connection: the headline of a failed literal exchange then names the fault (a byte lost, a
 * piece duplicated or reordered, letters in another case) rather than only the bytes that differ.
 *
 * @module
 */
import { differingBytes, equalRange } from "./_byte_compare.ts";

/** Most bytes missing or repeated at one place that {@linkcode describeEcho} looks for. */
const MAX_PIECE_BYTES = 256;
/** Bytes of a reply that must be found elsewhere in what was sent to call it reordered. */
const LOCATE_BYTES = 8;

function bytes(n: number): string {
  return n === 1 ? "1 byte" : `${n} bytes`;
}

/**
 * Position after `from` where `sent` holds the bytes received from `at` on (their first
 * {@linkcode LOCATE_BYTES}, or as many as `sent` has there, at least 4 unless fewer came), or -1.
 */
function findLater(sent: Uint8Array, received: Uint8Array, at: number, from: number): number {
  const available = received.length - at;
  for (let j = from; j < sent.length; j++) {
    const n = Math.min(LOCATE_BYTES, sent.length - j, available);
    if (n >= Math.min(4, available) && equalRange(sent, j, received, at, n)) return j;
  }
  return -1;
}

/** `k` bytes of `sent` missing at `first`, and every byte received after them in order. */
function lostAt(sent: Uint8Array, received: Uint8Array, first: number): number {
  const rest = received.length - first;
  for (let k = 1; k <= MAX_PIECE_BYTES && first + k + rest <= sent.length; k++) {
    if (equalRange(sent, first + k, received, first, rest)) return k;
  }
  return 0;
}

/** `k` bytes received at `first` that came back before, and every byte after them in order. */
function duplicatedAt(sent: Uint8Array, received: Uint8Array, first: number): number {
  for (let k = 1; k <= MAX_PIECE_BYTES && first + k <= received.length; k++) {
    const rest = received.length - first - k;
    if (first + rest > sent.length || !equalRange(sent, first, received, first + k, rest)) continue;
    // The extra bytes repeat bytes that came back before them.
    for (let j = Math.max(0, first - k); j + k <= first; j++) {
      if (equalRange(received, j, received, first, k)) return k;
    }
  }
  return 0;
}

/** What {@linkcode describeEcho} knows of the connection beyond its bytes. */
export interface EchoOptions {
  /** Whether the echo ended the stream (EOF): missing bytes will not come. */
  ended?: boolean;
  /** Whether the step gave up waiting (its timeout): missing bytes did not come in time. */
  timedOut?: boolean;
  /**
   * Bytes sent and received on the connection in all, when more than the bytes given (a
   * transcript keeps only the first).
   */
  totals?: { sent: number; received: number };
}

/** What is said of an echo that returned the start of what was sent, and no more. */
function shortPhrase(sentBytes: number, receivedBytes: number, options: EchoOptions) {
  if (options.ended) {
    return `the echo ended after ${receivedBytes} of the ${sentBytes} bytes sent (cut short)`;
  }
  if (options.timedOut) {
    return `${receivedBytes} of the ${sentBytes} bytes sent came back within the step's timeout`;
  }
  return undefined;
}

/**
 * Says how what came back from an echo differs from what was sent to it, in the order of the
 * evidence: the start of what was sent only (cut short by the end of the stream, or all that came
 * within the step's timeout), bytes lost (missing, all later ones in order), a piece duplicated (bytes that came back
 * before come back again, all later ones in order), a piece reordered (the bytes at the first
 * difference were sent later), letters in another case, other bytes altered. Offsets count from
 * the first byte of the connection.
 *
 * @example
 * ```ts
 * import { describeEcho } from "./echo_diagnosis.ts";
 * import assert from "node:assert/strict";
 *
 * const text = (s: string) => new TextEncoder().encode(s);
 * assert.equal(
 *   describeEcho(text("alpha\nbeta\n"), text("alphabeta\n"), { ended: true }),
 *   "1 byte sent at offset 5 never came back (lost)",
 * );
 * assert.equal(describeEcho(text("alpha\nbeta\n"), text("alpha\nbe")), undefined);
 * ```
 *
 * @param sent The first bytes sent on the connection.
 * @param received The first bytes received on it.
 * @param options Whether the stream ended, or the step timed out.
 * @returns The phrase, or undefined when what came back is what was sent, or its start while the
 *   rest may still come.
 */
export function describeEcho(
  sent: Uint8Array,
  received: Uint8Array,
  options: EchoOptions = {},
): string | undefined {
  const n = Math.min(sent.length, received.length);
  let first = 0;
  while (first < n && sent[first] === received[first]) first++;
  if (first === n) {
    if (received.length < sent.length) {
      const totals = options.totals ?? { sent: sent.length, received: received.length };
      return shortPhrase(totals.sent, totals.received, options);
    }
    if (received.length === sent.length) return undefined;
    const extra = received.length - sent.length;
    return `${bytes(extra)} more came back than the ${sent.length} sent`;
  }
  const lost = lostAt(sent, received, first);
  if (lost > 0) {
    // Until the stream ends, the missing bytes may still come, later than those after them.
    return options.ended
      ? `${bytes(lost)} sent at offset ${first} never came back (lost)`
      : `${bytes(lost)} sent at offset ${first} ${
        lost === 1 ? "has" : "have"
      } not come back, the bytes after ${lost === 1 ? "it" : "them"} have (lost, or reordered)`;
  }
  const duplicated = duplicatedAt(sent, received, first);
  if (duplicated > 0) {
    return `${bytes(duplicated)} came back twice at offset ${first} (duplicated)`;
  }
  const later = findLater(sent, received, first, first + 1);
  if (later > 0) {
    return `the bytes sent at offset ${later} came back at offset ${first}, ahead of ${
      bytes(later - first)
    } sent before them (reordered, or those were lost)`;
  }
  const { differing, caseOnly } = differingBytes(sent, received, first, n);
  return caseOnly
    ? `the same letters in another case (${differing} of ${n} bytes)`
    : `${differing} of ${n} bytes altered, the first at offset ${first}`;
}
