/**
 * The recorder: where peers append events. It keeps every event up to a bound and, past it, only
 * the counters and the check results, so a long stream records in constant memory.
 *
 * @module
 */
import type { RecordEvent } from "./event.ts";
import { payloadPreview } from "./preview.ts";

/** Counters of one connection of one peer, kept whatever the bound. */
export interface ConnTally {
  peer: string;
  conn: string;
  sends: number;
  sentBytes: number;
  receives: number;
  receivedBytes: number;
  /** Smallest and largest single read, in bytes (0 before any). */
  minReceiveBytes: number;
  maxReceiveBytes: number;
}

/** Options of {@linkcode Recorder}. */
export interface RecorderOptions {
  /** Send and receive events kept before only counters are. @default {20000} */
  maxOpEvents?: number;
}

/** Append-only record of a scenario run. */
export class Recorder {
  readonly #events: RecordEvent[] = [];
  readonly #tallies = new Map<string, ConnTally>();
  readonly #startMs = performance.now();
  readonly #maxOpEvents: number;
  #opEvents = 0;
  #droppedOpEvents = 0;

  constructor(options: RecorderOptions = {}) {
    this.#maxOpEvents = options.maxOpEvents ?? 20_000;
  }

  /** Microseconds since the recorder was created. */
  nowMicros(): number {
    return Math.round((performance.now() - this.#startMs) * 1000);
  }

  /**
   * Appends an event, stamped with the current time. `payload`, on a send or receive, gives the
   * event its `preview` when the event is kept (only its first bytes are read).
   */
  add(event: Omit<RecordEvent, "timeMicros">, payload?: Uint8Array): void {
    if (event.kind === "send" || event.kind === "receive") {
      this.#tally(event);
      if (this.#opEvents >= this.#maxOpEvents) {
        this.#droppedOpEvents++;
        return;
      }
      this.#opEvents++;
    }
    const preview = payload === undefined ? {} : { preview: payloadPreview(payload) };
    this.#events.push({ timeMicros: this.nowMicros(), ...event, ...preview });
  }

  #tally(event: Omit<RecordEvent, "timeMicros">): void {
    const key = tallyKey(event.peer, event.conn ?? "");
    let tally = this.#tallies.get(key);
    if (!tally) {
      tally = {
        peer: event.peer,
        conn: event.conn ?? "",
        sends: 0,
        sentBytes: 0,
        receives: 0,
        receivedBytes: 0,
        minReceiveBytes: 0,
        maxReceiveBytes: 0,
      };
      this.#tallies.set(key, tally);
    }
    const bytes = event.bytes ?? 0;
    if (event.kind === "send") {
      tally.sends++;
      tally.sentBytes += bytes;
      return;
    }
    tally.minReceiveBytes = tally.receives === 0 ? bytes : Math.min(tally.minReceiveBytes, bytes);
    tally.maxReceiveBytes = Math.max(tally.maxReceiveBytes, bytes);
    tally.receives++;
    tally.receivedBytes += bytes;
  }

  /** Every event kept, in order. */
  get events(): readonly RecordEvent[] {
    return this.#events;
  }

  /** Counters of one connection (or datagram socket) of one peer, once it sent or received. */
  tally(peer: string, conn: string): Readonly<ConnTally> | undefined {
    return this.#tallies.get(tallyKey(peer, conn));
  }

  /** Counters of every connection that sent or received. */
  get tallies(): ConnTally[] {
    return [...this.#tallies.values()];
  }

  /** Send and receive events not kept because of the bound. */
  get droppedOpEvents(): number {
    return this.#droppedOpEvents;
  }
}

function tallyKey(peer: string, conn: string): string {
  return `${peer}\u0000${conn}`;
}
