/** The shape of a built-in peer. @internal @module */
import type { PeerOptions } from "../../model/peer.ts";
import type { Recorder } from "../../record/recorder.ts";

/** What a built-in peer gets from the runner. */
export interface BuiltinContext {
  /** The peer as written: options such as `greeting`, `size`, `verify`. */
  options: PeerOptions;
  seed: number;
  record: Recorder;
  /** Record name of the peer. */
  peer: string;
}

/** A built-in server. */
export interface Builtin {
  /**
   * Serves one accepted stream connection until the client closes. Records its sends and
   * receives under `conn`. Does not close `conn`: the caller does.
   */
  serveStream(conn: Deno.Conn, label: string, ctx: BuiltinContext): Promise<void>;
  /** Starts answering datagrams on one socket. */
  datagrams(ctx: BuiltinContext): DatagramSession;
}

/** A built-in peer's handling of the datagrams of one socket. */
export interface DatagramSession {
  /** The reply to one datagram, or null for none. */
  answer(datagram: Uint8Array): Uint8Array | null;
  /** Called once when the run stops the peer: record what was found. */
  finish?(): void;
}
