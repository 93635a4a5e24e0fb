/** The shapes of the fault relay's options and handle. @module */
import type { Transport } from "../common/transport.ts";
import type { RelayEvent, RelayStats } from "./event.ts";
import type { Faults } from "./schema.ts";

/** Transports the relay serves: streams (tcp, unix) and datagrams (udp, unixgram). */
export type RelayTransport = Transport;

/** Where the relay listens: a host and port (tcp, udp) or a socket path (unix, unixgram). */
export type RelayListen = { hostname?: string; port?: number } | { path: string };

/** Options of {@linkcode startRelay}. */
export interface RelayOptions {
  /** Transport of both sides. */
  transport: RelayTransport;
  /**
   * The real server: a `tcp`/`udp` address, or a `unix`/`unixpacket` address with its path
   * (unixgram is `unixpacket` in Deno).
   */
  upstream: Deno.Addr;
  /**
   * Where the relay listens.
   *
   * @default {127.0.0.1:0 (::1:0 when upstream is IPv6), or relay.sock in a temp dir}
   */
  listen?: RelayListen;
  /** Parsed faults (from `faultsSchema`); each must fit the transport's family. */
  faults: Faults;
  /** Seed of every fault decision. */
  seed: number;
  /**
   * Called with every event, in order, synchronously.
   *
   * @default {ignore events}
   */
  onEvent?: (event: RelayEvent) => void;
  /**
   * Directory for the relay's Unix socket paths (a fresh one inside it is made and removed).
   *
   * @default {the system temp dir}
   */
  tempDir?: string;
  /**
   * Clock for `RelayEvent.timeMicros`, in µs.
   *
   * @default {µs since startRelay was called}
   */
  clockMicros?: () => number;
}

/** A running relay. */
export interface Relay extends AsyncDisposable {
  /** Give this address to the client. */
  readonly addr: Deno.Addr;
  /** Stops listening, closes every connection and socket, removes temp paths. Idempotent. */
  close(): Promise<void>;
  /** What the relay did so far. */
  stats(): RelayStats;
}
