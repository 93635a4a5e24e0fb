/**
 * Phrases that say what happened to a datagram that was not the one expected, read from its
 * socket's {@linkcode DatagramHistory}: lost or reordered, duplicated, merged, truncated or
 * split. Datagrams are numbered as the history numbers them: `#0` is the first sent on the socket.
 *
 * @module
 */
import type { DatagramHistory, ReceivedDatagram, SentDatagram } from "./datagram_history.ts";

/** What a step expected of a datagram: its bytes, or only its length. */
export interface ExpectedDatagram {
  /** The expected payload. */
  bytes?: Uint8Array;
  /** The expected length in bytes (`receive_from: {bytes}`), when no payload is given. */
  length?: number;
}

/** Options of {@linkcode diagnoseDatagram}. */
export interface DiagnoseDatagramOptions {
  /** The datagram's bytes: compared with the expected ones when no sent datagram explains it. */
  bytes?: Uint8Array;
  /** What the step expected; nothing for a step that expected no datagram. */
  expected?: ExpectedDatagram;
}

/** Examples a list names before `...`. */
const EXAMPLES = 8;

function equalBytes(sent: SentDatagram, bytes: Uint8Array): boolean {
  if (sent.length !== bytes.length) return false;
  for (let i = 0; i < sent.bytes.length; i++) if (sent.bytes[i] !== bytes[i]) return false;
  return true;
}

/** Whether `bytes` is the start of `of`, and shorter. */
function isStrictPrefix(bytes: Uint8Array, of: Uint8Array): boolean {
  if (bytes.length >= of.length) return false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== of[i]) return false;
  return true;
}

/** The sent datagram the step was waiting for: the earliest not echoed yet that fits. */
function expectedSent(
  history: DatagramHistory,
  expected: ExpectedDatagram,
): SentDatagram | undefined {
  const { bytes, length } = expected;
  if (bytes !== undefined) return history.unechoed().find((s) => equalBytes(s, bytes));
  if (length !== undefined) return history.unechoed().find((s) => s.length === length);
  return undefined;
}

function echoPhrase(j: number, waited: SentDatagram | undefined): string {
  if (waited === undefined) return `the echo of #${j}`;
  return waited.number < j
    ? `the echo of #${j}: #${waited.number} lost or reordered, not received yet`
    : `the echo of #${j}, expected only after #${waited.number}`;
}

function sentLength(history: DatagramHistory, number: number): number | undefined {
  return history.sentKept.find((s) => s.number === number)?.length;
}

/**
 * Says what the datagram `received` is, given what the step expected and what its socket sent
 * and received before, in this order of evidence: the echo of a later datagram than the one
 * expected (which was lost or reordered) or of an earlier one (late); a duplicate of a datagram
 * whose echo came already; consecutive datagrams merged into one; the first bytes of a datagram
 * or of the expected payload (truncated or split). A peer that is no echo matches none of the
 * datagrams sent: nothing is said, unless the datagram is the start of the expected payload.
 *
 * @param received The datagram's entry, as {@linkcode DatagramHistory.received} returned it.
 * @param history The history of its socket.
 * @returns A phrase such as `the echo of #2: #1 lost or reordered, not received yet`, or
 *   undefined when the history says nothing about it.
 *
 * @example
 * ```ts
 * import { DatagramHistory } from "./datagram_history.ts";
 * import { diagnoseDatagram } from "./datagram_diagnosis.ts";
 * import assert from "node:assert/strict";
 *
 * const text = (s: string) => new TextEncoder().encode(s);
 * const history = new DatagramHistory();
 * for (const s of ["a", "bbbbb", "ccccccccc"]) history.sent(text(s));
 * history.received(text("a"));
 * const entry = history.received(text("ccccccccc"));
 * assert.equal(
 *   diagnoseDatagram(entry, history, { expected: { bytes: text("bbbbb") } }),
 *   "the echo of #2: #1 lost or reordered, not received yet",
 * );
 * ```
 */
export function diagnoseDatagram(
  received: ReceivedDatagram,
  history: DatagramHistory,
  options: DiagnoseDatagramOptions = {},
): string | undefined {
  const expected = options.expected ?? {};
  const match = received.match;
  switch (match?.kind) {
    case "echo":
      return echoPhrase(match.sent, expectedSent(history, expected));
    case "duplicate":
      return `a duplicate of #${match.sent}, whose echo came before`;
    case "merged":
      return `datagrams ${match.sent.map((n) => `#${n}`).join("+")} merged into one`;
    case "part": {
      const of = `the first ${received.length} of the ${
        sentLength(history, match.sent)
      } bytes of #${match.sent}`;
      return match.buffer
        ? `${of}, cut to the ${received.length}-byte receive buffer`
        : `truncated or split: ${of}`;
    }
    case "rest":
      return `split: the last ${received.length} of the ${
        sentLength(history, match.sent)
      } bytes of #${match.sent}`;
  }
  const { bytes } = options;
  if (bytes === undefined || expected.bytes === undefined) return undefined;
  if (!isStrictPrefix(bytes, expected.bytes)) return undefined;
  // The start of the expected bytes, and of a datagram sent if one was them (an empty datagram is
  // the start of any, so the history does not take it for the start of one).
  const sent = expectedSent(history, expected);
  const whose = sent === undefined ? "expected bytes" : `bytes of #${sent.number}`;
  const of = `the first ${bytes.length} of the ${expected.bytes.length} ${whose}`;
  return bytes.length === 0 ? `truncated to nothing: ${of}` : `truncated or split: ${of}`;
}

/** `#1, #5, ...`: the first examples of `total` items. */
function examples(numbers: readonly string[], total: number): string {
  const shown = numbers.slice(0, EXAMPLES).join(", ");
  return total > Math.min(numbers.length, EXAMPLES) ? `${shown}, ... (${total} found)` : shown;
}

/**
 * What a datagram socket sent and received so far, briefly: counts, the duplicates, merges and
 * parts received, and, when the peer echoes, the datagrams sent whose echo never came (lost, for
 * a receive that timed out).
 *
 * @param label Who owns the socket, such as `client/main`.
 * @returns A phrase such as `client/main sent 3 datagrams and received 2; #1 lost: no echo came`.
 *
 * @example
 * ```ts
 * import { DatagramHistory } from "./datagram_history.ts";
 * import { describeDatagramHistory } from "./datagram_diagnosis.ts";
 * import assert from "node:assert/strict";
 *
 * const text = (s: string) => new TextEncoder().encode(s);
 * const history = new DatagramHistory();
 * for (const s of ["a", "b", "c"]) history.sent(text(s));
 * history.received(text("a"));
 * history.received(text("c"));
 * assert.equal(
 *   describeDatagramHistory(history, "client/main"),
 *   "client/main sent 3 datagrams and received 2; #1 lost: no echo came",
 * );
 * ```
 */
export function describeDatagramHistory(history: DatagramHistory, label: string): string {
  const sent = `${history.sentCount} datagram${history.sentCount === 1 ? "" : "s"}`;
  const got = history.receivedCount === 0 ? "none" : `${history.receivedCount}`;
  const parts = [`${label} sent ${sent} and received ${got}`];
  const a = history.anomalies;
  if (a.duplicatedCount > 0) {
    parts.push(`${examples(a.duplicated.map((n) => `#${n}`), a.duplicatedCount)} duplicated`);
  }
  if (a.mergedCount > 0) {
    const groups = a.merged.map((g) => g.map((n) => `#${n}`).join("+"));
    parts.push(`${examples(groups, a.mergedCount)} merged into one`);
  }
  if (a.partsCount > 0) {
    parts.push(`${examples(a.parts.map((n) => `#${n}`), a.partsCount)} truncated or split`);
  }
  if (a.splitCount > 0) {
    parts.push(`${examples(a.split.map((n) => `#${n}`), a.splitCount)} split`);
  }
  const missing = history.unechoed();
  if (history.matchedCount > 0 && missing.length > 0) {
    const kept = history.sentKept.length;
    const of = missing.length === 1
      ? ""
      : ` (${missing.length} of the ${
        kept < history.sentCount ? `last ${kept}` : `${history.sentCount}`
      } sent)`;
    const shown = missing.slice(0, EXAMPLES).map((s) => `#${s.number}`).join(", ");
    parts.push(`${shown}${missing.length > EXAMPLES ? ", ..." : ""}${of} lost: no echo came`);
  }
  return parts.join("; ");
}
