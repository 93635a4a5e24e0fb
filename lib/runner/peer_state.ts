/** The sockets of one scripted peer instance. @module */
import type { RunContext } from "./context.ts";
import type { StreamConn } from "./stream_conn.ts";
import { Variables } from "./variables.ts";
import { StepFailure } from "./errors.ts";
import type { DatagramTracker } from "../pattern/mod.ts";
import type { DatagramHistory } from "./datagram_history.ts";

/** A datagram socket of a scripted peer. */
export interface DatagramSocket {
  socket: Deno.DatagramConn;
  /** Where replies go when a step names no target: the last sender with `reply: true`. */
  replyTo?: Deno.Addr;
  /** Next sequence number of generated datagrams. */
  nextSeq: number;
  /** A receive that outlived its step's timeout; the next receive takes its datagram. */
  inflight?: Promise<[Uint8Array, Deno.Addr]>;
  /** The receive buffer of `inflight`, in bytes: a datagram that fills it may have been cut. */
  inflightBufferBytes?: number;
  /**
   * Verification of generated datagrams across every `receive_from` with `verify` on this
   * socket (so a flow can be received in windows), recorded when the socket closes.
   */
  check?: {
    tracker: DatagramTracker;
    expected: number;
    /** Whether the last receive stopped at its count (more may have been queued: not lost). */
    stoppedAtCount?: boolean;
  };
  /** When this socket last sent (performance.now() ms): a receive's `idle` waits from there. */
  lastSentAt?: number;
  /** The last datagrams sent and received, for failure messages that say what happened. */
  history: DatagramHistory;
}

/** What one running instance of a scripted peer holds. */
export class PeerState {
  /** Record name: `client`, or `client#3` for the third of several. */
  readonly name: string;
  /** Peer name as written in the scenario. */
  readonly peerName: string;
  readonly ctx: RunContext;
  readonly conns = new Map<string, StreamConn>();
  readonly listeners = new Map<string, Deno.Listener>();
  readonly datagrams = new Map<string, DatagramSocket>();
  /** Captures of this instance. */
  readonly locals = new Variables();
  /**
   * Told of each `request` step that succeeded, with its start and end on the
   * `performance.now()` clock (ms); a load test sets it to time requests.
   */
  requestDone?: (startMs: number, endMs: number) => void;

  constructor(ctx: RunContext, where: { name: string; peerName: string }) {
    this.ctx = ctx;
    this.name = where.name;
    this.peerName = where.peerName;
  }

  /** Expands `{variables}` in text: this instance's captures first, then the run's. */
  expand(text: string): string {
    return this.ctx.vars.expand(text, this.locals);
  }

  /** Expands `{variables}` in payload text into bytes; byte captures go in unchanged. */
  expandBytes(text: string): Uint8Array {
    return this.ctx.vars.expandBytes(text, this.locals);
  }

  /** Sets a capture, visible to this instance as `name` and to all as `peer.name`. */
  capture(name: string, value: string | number | Uint8Array): void {
    this.locals.set(name, value);
    this.ctx.vars.set(`${this.name}.${name}`, value);
  }

  /**
   * The connection a step acts on.
   *
   * @throws {StepFailure} When no connection has that label.
   */
  conn(label: string): StreamConn {
    const conn = this.conns.get(label);
    if (!conn) {
      const known = [...this.conns.keys()];
      throw new StepFailure(
        `no connection ${JSON.stringify(label)}: ${
          known.length ? `open ones are ${known.join(", ")}` : "connect or accept first"
        }`,
      );
    }
    return conn;
  }
}
