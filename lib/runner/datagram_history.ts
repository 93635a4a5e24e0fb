/**
 * What one datagram socket of a scripted peer sent and received lately, and how each datagram it
 * received relates to the ones it sent: the echo of one, a duplicate of one whose echo came
 * already, several merged into one, the start of one (truncated or split) or its end alone
 * (split). Failure messages read it to say what happened instead of only how the bytes differ.
 *
 * Datagrams are numbered as {@linkcode DatagramTracker} numbers generated ones: `#0` is the first
 * datagram sent on the socket, `#1` the second, and so on (0-based, like sequence numbers). On a
 * socket that sends only generated datagrams, or only literal ones, the numbers are the same as
 * the tracker's; on one that mixes them, this history counts every datagram sent.
 *
 * Memory is bounded: the last {@linkcode HISTORY_DATAGRAMS} datagrams sent, each payload kept up
 * to {@linkcode HISTORY_PAYLOAD_BYTES} (plus its full length), and at most
 * {@linkcode HISTORY_BUDGET_BYTES} of payload in all (older entries go first). Of the datagrams
 * received it keeps counts: each is matched against the sent ones as it arrives, and only
 * duplicates, merges, parts and splits are noted (the first few of each).
 *
 * @example
 * ```ts
 * import { DatagramHistory } from "./datagram_history.ts";
 * import assert from "node:assert/strict";
 *
 * const text = (s: string) => new TextEncoder().encode(s);
 * const history = new DatagramHistory();
 * for (const s of ["a", "bbbbb", "ccccccccc"]) history.sent(text(s));
 * assert.deepEqual(history.received(text("a")).match, { kind: "echo", sent: 0 });
 * assert.deepEqual(history.received(text("ccccccccc")).match, { kind: "echo", sent: 2 });
 * assert.deepEqual(history.received(text("a")).match, { kind: "duplicate", sent: 0 });
 * assert.deepEqual(history.unechoed().map((s) => s.number), [1]);
 * ```
 *
 * @module
 */

/** Datagrams sent that a history keeps, the last ones. */
export const HISTORY_DATAGRAMS = 128;
/** Bytes of each sent payload kept (64 KiB): a longer one is compared by this start and its length. */
export const HISTORY_PAYLOAD_BYTES = 64 * 1024;
/** Payload bytes a history keeps in all (512 KiB); the oldest entries go first past it. */
export const HISTORY_BUDGET_BYTES = 512 * 1024;

/** How a received datagram relates to the datagrams sent on its socket. */
export type DatagramMatch =
  /** Equal to sent `#sent`, whose echo had not come yet. */
  | { kind: "echo"; sent: number }
  /** Equal to sent `#sent`, whose echo had come already: a duplicate. */
  | { kind: "duplicate"; sent: number }
  /** The sent datagrams `#sent[0]`, `#sent[1]`, ... (consecutive) joined into one. */
  | { kind: "merged"; sent: number[] }
  /**
   * The first bytes of sent `#sent`, whose echo had not come yet: truncated or split. `buffer`
   * when the datagram filled the receive buffer, which cut it short (recvfrom(2)).
   */
  | { kind: "part"; sent: number; buffer: boolean }
  /** The last bytes of sent `#sent`, on their own: split (its first bytes came before, or not). */
  | { kind: "rest"; sent: number };

/** A datagram sent on the socket. */
export interface SentDatagram {
  /** Its number on the socket, from 0. */
  readonly number: number;
  /** Its length in bytes. */
  readonly length: number;
  /** Its first {@linkcode HISTORY_PAYLOAD_BYTES} bytes. */
  readonly bytes: Uint8Array;
  /** Whether a datagram received was it, whole or in part (merged, truncated, split). */
  echoed: boolean;
  /** Bytes of its start received alone (a `part`), if that is how it came. */
  partBytes?: number;
}

/** A datagram received on the socket. */
export interface ReceivedDatagram {
  /** Its number among those received on the socket, from 0. */
  readonly number: number;
  /** Its length in bytes. */
  readonly length: number;
  /** What it is among the datagrams sent, when it is one of them (or a part of them). */
  readonly match?: DatagramMatch;
}

/** Anomalies of a socket seen so far, with the first sent numbers of each kind. */
export interface HistoryAnomalies {
  /** Sent numbers of duplicates received (one per copy), the first few. */
  duplicated: number[];
  duplicatedCount: number;
  /** Groups of sent numbers received merged into one, the first few. */
  merged: number[][];
  mergedCount: number;
  /** Sent numbers whose first bytes only came (truncated or split), the first few. */
  parts: number[];
  partsCount: number;
  /** Sent numbers whose last bytes came alone (split), the first few. */
  split: number[];
  splitCount: number;
}

/** Examples of each anomaly kept. */
const EXAMPLES = 8;

function equalStart(stored: Uint8Array, bytes: Uint8Array, at: number, length: number): boolean {
  const n = Math.min(length, stored.length);
  for (let i = 0; i < n; i++) if (stored[i] !== bytes[at + i]) return false;
  return true;
}

/** Whether `stored` ends with `bytes`. */
function equalEnd(stored: Uint8Array, bytes: Uint8Array): boolean {
  const at = stored.length - bytes.length;
  for (let i = 0; i < bytes.length; i++) if (stored[at + i] !== bytes[i]) return false;
  return true;
}

/** Whether `bytes[at, at + sent.length)` is `sent` (by its kept start when it is longer). */
function holds(bytes: Uint8Array, at: number, sent: SentDatagram): boolean {
  return at + sent.length <= bytes.length && equalStart(sent.bytes, bytes, at, sent.length);
}

/** The send and receive history of one datagram socket (see the module doc). */
export class DatagramHistory {
  readonly #sent: SentDatagram[] = [];
  #sentCount = 0;
  #receivedCount = 0;
  #matchedCount = 0;
  #keptBytes = 0;
  #lastReceived?: ReceivedDatagram;
  readonly #anomalies: HistoryAnomalies = {
    duplicated: [],
    duplicatedCount: 0,
    merged: [],
    mergedCount: 0,
    parts: [],
    partsCount: 0,
    split: [],
    splitCount: 0,
  };

  /** Datagrams sent on the socket in all. */
  get sentCount(): number {
    return this.#sentCount;
  }

  /** Datagrams received on the socket in all. */
  get receivedCount(): number {
    return this.#receivedCount;
  }

  /** Datagrams received that were sent ones, whole or in part: none when the peer is no echo. */
  get matchedCount(): number {
    return this.#matchedCount;
  }

  /** The last datagram received, if any. */
  get lastReceived(): ReceivedDatagram | undefined {
    return this.#lastReceived;
  }

  /** The sent datagrams kept, oldest first (the last {@linkcode HISTORY_DATAGRAMS} at most). */
  get sentKept(): readonly SentDatagram[] {
    return this.#sent;
  }

  /** Duplicates, merges and parts received so far on the socket. */
  get anomalies(): Readonly<HistoryAnomalies> {
    return this.#anomalies;
  }

  /** Notes a datagram sent (the bytes the send call took); returns its entry. */
  sent(datagram: Uint8Array): SentDatagram {
    const bytes = datagram.slice(0, HISTORY_PAYLOAD_BYTES);
    const entry: SentDatagram = {
      number: this.#sentCount++,
      length: datagram.length,
      bytes,
      echoed: false,
    };
    this.#sent.push(entry);
    this.#keptBytes += bytes.length;
    while (
      this.#sent.length > HISTORY_DATAGRAMS ||
      (this.#keptBytes > HISTORY_BUDGET_BYTES && this.#sent.length > 1)
    ) {
      this.#keptBytes -= this.#sent.shift()!.bytes.length;
    }
    return entry;
  }

  /**
   * Notes a datagram received and finds what it is among the datagrams sent: the echo of the
   * earliest one not echoed yet with the same bytes; else a duplicate of one echoed already; else
   * consecutive ones merged; else the start of one not echoed yet (truncated or split); else the
   * end of one (split).
   *
   * @param bufferBytes The receive buffer it came in: a datagram that fills it was cut to it.
   * @returns Its entry.
   */
  received(datagram: Uint8Array, bufferBytes?: number): ReceivedDatagram {
    const match = this.#classify(datagram, bufferBytes);
    if (match) this.#matchedCount++;
    this.#lastReceived = {
      number: this.#receivedCount++,
      length: datagram.length,
      ...(match ? { match } : {}),
    };
    return this.#lastReceived;
  }

  /** The sent datagrams kept of which nothing came back yet, oldest first. */
  unechoed(): SentDatagram[] {
    return this.#sent.filter((s) => !s.echoed);
  }

  #classify(datagram: Uint8Array, bufferBytes: number | undefined): DatagramMatch | undefined {
    const echo = this.#sent.find((s) =>
      !s.echoed && s.length === datagram.length && holds(datagram, 0, s)
    );
    if (echo) {
      echo.echoed = true;
      return { kind: "echo", sent: echo.number };
    }
    const again = this.#sent.find((s) => s.length === datagram.length && holds(datagram, 0, s));
    if (again) {
      note(this.#anomalies.duplicated, again.number);
      this.#anomalies.duplicatedCount++;
      return { kind: "duplicate", sent: again.number };
    }
    const merged = this.#merged(datagram);
    if (merged) {
      for (const s of merged) s.echoed = true;
      const numbers = merged.map((s) => s.number);
      note(this.#anomalies.merged, numbers);
      this.#anomalies.mergedCount++;
      return { kind: "merged", sent: numbers };
    }
    // An empty datagram is the start and the end of every datagram: it says nothing.
    if (datagram.length === 0) return undefined;
    return this.#start(datagram, bufferBytes) ?? this.#end(datagram);
  }

  /** Consecutive kept datagrams, two or more, the first not echoed yet, that make `datagram`. */
  #merged(datagram: Uint8Array): SentDatagram[] | undefined {
    for (let first = 0; first < this.#sent.length; first++) {
      if (this.#sent[first].echoed) continue;
      let at = 0;
      let next = first;
      while (
        at < datagram.length && next < this.#sent.length && holds(datagram, at, this.#sent[next])
      ) {
        at += this.#sent[next].length;
        next++;
      }
      if (at === datagram.length && next - first >= 2) return this.#sent.slice(first, next);
    }
    return undefined;
  }

  /** `datagram` as the first bytes of a datagram sent whose echo has not come yet. */
  #start(datagram: Uint8Array, bufferBytes: number | undefined): DatagramMatch | undefined {
    const start = this.#sent.find((s) =>
      !s.echoed && s.length > datagram.length && equalStart(s.bytes, datagram, 0, datagram.length)
    );
    if (!start) return undefined;
    start.echoed = true;
    start.partBytes = datagram.length;
    const buffer = bufferBytes !== undefined && datagram.length === bufferBytes;
    if (!buffer) {
      note(this.#anomalies.parts, start.number);
      this.#anomalies.partsCount++;
    }
    return { kind: "part", sent: start.number, buffer };
  }

  /**
   * `datagram` as the last bytes of a datagram sent of which nothing came yet, or only its
   * start: the second piece of a split one. A split whose start was noted as a part is now known
   * for a split: it moves from the parts to the splits.
   */
  #end(datagram: Uint8Array): DatagramMatch | undefined {
    const end = this.#sent.find((s) =>
      (!s.echoed || s.partBytes !== undefined) && s.length > datagram.length &&
      s.bytes.length === s.length && equalEnd(s.bytes, datagram)
    );
    if (!end) return undefined;
    const a = this.#anomalies;
    if (end.partBytes !== undefined && a.parts.includes(end.number)) {
      a.parts.splice(a.parts.indexOf(end.number), 1);
      a.partsCount--;
    }
    end.echoed = true;
    end.partBytes = undefined;
    note(a.split, end.number);
    a.splitCount++;
    return { kind: "rest", sent: end.number };
  }
}

function note<T>(examples: T[], item: T): void {
  if (examples.length < EXAMPLES) examples.push(item);
}
