/**
 * The steps the peers of a run are in, so that a scenario that runs past its timeout says where
 * each unfinished peer was waiting: `client was in step 6 (receive_from, line 31), after 6 of 7
 * datagrams; server was in step 2 (accept, line 12)`.
 *
 * @module
 */
import type { Step } from "../model/scenario.ts";
import type { Recorder } from "../record/recorder.ts";

/** Step kinds that receive: their progress is what the socket received since they began. */
const RECEIVING = new Set([
  "receive",
  "receive_from",
  "receive_set",
  "expect_eof",
  "echo",
  "request",
]);

/** Peers a description names before `and N more`. */
const MAX_PEERS = 4;
/** Steps running at once on one peer (branches of `parallel`) a description names. */
const MAX_STEPS_A_PEER = 2;

/** A step a peer instance is in. */
export interface ActiveStep {
  /** The peer instance: `client`, `client#3`. */
  readonly peer: string;
  readonly step: Step;
  /** Its position in its list of steps, from 1. */
  readonly number: number;
  /** The socket it acts on (its `conn:` label, `{variables}` replaced). */
  readonly socket: string;
  /** What the socket had received when the step began: datagrams (or reads) and bytes. */
  readonly receivesBefore: number;
  readonly bytesBefore: number;
}

function holds(parent: Step, child: Step): boolean {
  return parent.children.includes(child) || parent.branches.some((b) => b.includes(child));
}

function phrase(entry: ActiveStep): string {
  return `step ${entry.number} (${entry.step.kind}, line ${entry.step.location.line})`;
}

/** The steps each peer instance of a run is in (see the module doc). */
export class ActiveSteps {
  readonly #entries = new Set<ActiveStep>();
  readonly #record: Recorder;

  /** @param record The run's record: a receiving step's progress is read from its counters. */
  constructor(record: Recorder) {
    this.#record = record;
  }

  /**
   * Notes that `peer` began `step`, the `number`-th of its list, acting on `socket`.
   *
   * @returns The entry to pass to {@linkcode leave} when the step ends, however it ends.
   */
  enter(peer: string, step: Step, where: { number: number; socket: string }): ActiveStep {
    const tally = this.#record.tally(peer, where.socket);
    const entry: ActiveStep = {
      peer,
      step,
      number: where.number,
      socket: where.socket,
      receivesBefore: tally?.receives ?? 0,
      bytesBefore: tally?.receivedBytes ?? 0,
    };
    this.#entries.add(entry);
    return entry;
  }

  /** Notes that a step ended. */
  leave(entry: ActiveStep): void {
    this.#entries.delete(entry);
  }

  /**
   * Where each peer instance with a step still running is: its step (kind, number, file line)
   * down to the innermost one of a `repeat` or `parallel`, and for a receiving step what its
   * socket received since the step began. Peers are named in the order of their names, at most
   * 4, then `and N more`.
   *
   * @param datagrams Whether the run's sockets carry datagrams (progress in datagrams, not bytes).
   * @returns The description, or undefined when no peer is in a step.
   */
  describe(datagrams: boolean): string | undefined {
    const byPeer = new Map<string, ActiveStep[]>();
    for (const entry of this.#entries) {
      const list = byPeer.get(entry.peer) ?? [];
      list.push(entry);
      byPeer.set(entry.peer, list);
    }
    if (byPeer.size === 0) return undefined;
    // By name (client#2 before client#10), so that the message does not depend on timing.
    const sorted = [...byPeer].sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }));
    const peers = sorted.slice(0, MAX_PEERS).map(([peer, entries]) =>
      `${peer} was in ${this.#where(entries, datagrams)}`
    );
    if (byPeer.size > MAX_PEERS) peers.push(`and ${byPeer.size - MAX_PEERS} more`);
    return peers.join("; ");
  }

  /** The chains from a peer's outermost running step to each innermost one. */
  #where(entries: ActiveStep[], datagrams: boolean): string {
    const innermost = entries.filter((e) => !entries.some((c) => holds(e.step, c.step)));
    let first: ActiveStep[] = [];
    const chains = innermost.slice(0, MAX_STEPS_A_PEER).map((leaf, i) => {
      const chain = [leaf];
      for (let at = leaf;;) {
        const parent = entries.find((e) => holds(e.step, at.step));
        if (parent === undefined) break;
        chain.unshift(parent);
        at = parent;
      }
      if (i === 0) first = chain;
      // Another branch of the same `parallel`: its steps from where it parts from the first.
      const shown = i === 0 ? chain : chain.filter((e) => !first.includes(e));
      return shown.map(phrase).join(" > ") + this.#progress(leaf, datagrams);
    });
    if (innermost.length > MAX_STEPS_A_PEER) {
      chains.push(`${innermost.length - MAX_STEPS_A_PEER} more`);
    }
    return chains.join(" and ");
  }

  /** `, after 6 of 7 datagrams` for a receiving step; nothing for the others. */
  #progress(entry: ActiveStep, datagrams: boolean): string {
    if (!RECEIVING.has(entry.step.kind)) return "";
    const tally = this.#record.tally(entry.peer, entry.socket);
    if (datagrams) {
      const got = (tally?.receives ?? 0) - entry.receivesBefore;
      // receive_from's `count` (a literal integer, validated by the loader): "6 of 7".
      const count = entry.step.kind === "receive_from"
        ? (entry.step.args as { count?: unknown } | null)?.count
        : undefined;
      const of = typeof count === "number" ? ` of ${count}` : "";
      return `, after ${got}${of} datagram${got === 1 && of === "" ? "" : "s"}`;
    }
    const bytes = (tally?.receivedBytes ?? 0) - entry.bytesBefore;
    return `, after ${bytes} byte${bytes === 1 ? "" : "s"} received`;
  }
}
