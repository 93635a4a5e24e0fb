/**
 * Pieces both relays share: settings, stats, listen addresses and temp dirs.
 *
 * @internal
 * @module
 */
import type { RelayDirectionStats, RelayEvent, RelayStats } from "./event.ts";
import type { RelayListen, RelayOptions } from "./relay_types.ts";
import { byteLength, makeSocketDir, SUN_PATH_MAX_BYTES } from "../transport/socket_dir.ts";

/** Options as the relays see them: events already stamped with the clock. */
export interface RelaySettings extends RelayOptions {
  emit(event: Omit<RelayEvent, "timeMicros">): void;
}

/** Counters for one direction. */
export function emptyDirectionStats(): RelayDirectionStats {
  return { receivedBytes: 0, forwardedBytes: 0, receivedDatagrams: 0, forwardedDatagrams: 0 };
}

/** Live counters of a relay. */
export class StatsCounter {
  connections = 0;
  toServer = emptyDirectionStats();
  toClient = emptyDirectionStats();
  faults: Record<string, number> = {};

  /** Counts `fault` events by kind, then forwards the event. */
  wrap(emit: RelaySettings["emit"]): RelaySettings["emit"] {
    return (event) => {
      if (event.kind === "fault" && event.fault) {
        this.faults[event.fault] = (this.faults[event.fault] ?? 0) + 1;
      }
      emit(event);
    };
  }

  /** A copy of the counters. */
  snapshot(): RelayStats {
    return structuredClone({
      connections: this.connections,
      toServer: this.toServer,
      toClient: this.toClient,
      faults: this.faults,
    });
  }

  /** Counters by direction name. */
  get byDirection(): { to_server: RelayDirectionStats; to_client: RelayDirectionStats } {
    return { to_server: this.toServer, to_client: this.toClient };
  }
}

/** The loopback host of the upstream's family, for the relay's own sockets. */
export function loopbackFor(upstream: Deno.Addr): string {
  return "hostname" in upstream && upstream.hostname.includes(":") ? "::1" : "127.0.0.1";
}

/** Host and port to listen on. */
export function netListen(
  listen: RelayListen | undefined,
  upstream: Deno.Addr,
): { hostname: string; port: number } {
  const given = listen && !("path" in listen) ? listen : {};
  return { hostname: given.hostname ?? loopbackFor(upstream), port: given.port ?? 0 };
}

/** Longest name the relays give a socket in their folder: `client-NNNNN.sock.rx`. */
const LONGEST_SOCKET_NAME = "/client-99999.sock.rx";

/** `relay-` and the 16 hex digits Deno.makeTempDir appends. */
const RELAY_DIR_NAME_BYTES = 22;

/**
 * A fresh temp dir for the relay's Unix socket paths: a short `relay-…` folder inside `tempDir`
 * when the socket paths fit there, else `sockspec-relay-…` under TMPDIR or /tmp, whichever is
 * short enough (see `makeSocketDir`).
 *
 * @throws {SocketPathTooLong} When no folder is short enough.
 */
export function makeRelayDir(tempDir: string | undefined): Promise<string> {
  const room = 1 + RELAY_DIR_NAME_BYTES + LONGEST_SOCKET_NAME.length;
  if (tempDir !== undefined && byteLength(tempDir) + room <= SUN_PATH_MAX_BYTES) {
    return Deno.makeTempDir({ dir: tempDir, prefix: "relay-" });
  }
  return makeSocketDir({ prefix: "sockspec-relay-", roomBytes: LONGEST_SOCKET_NAME.length });
}

/** Removes a temp dir, ignoring one already gone. */
export async function removeDir(dir: string): Promise<void> {
  try {
    await Deno.remove(dir, { recursive: true });
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}
