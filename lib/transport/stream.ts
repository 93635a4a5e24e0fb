/**
 * Stream sockets (tcp, unix): listen, connect, and write-all. Knows nothing of scenarios.
 *
 * @module
 */
import type { Endpoint } from "./address.ts";
import { checkSocketPath } from "./socket_dir.ts";

/** Options of {@linkcode connectStream}. */
export interface ConnectStreamOptions {
  /** TCP_NODELAY: send small writes at once instead of coalescing them (RFC 896). @default {false} */
  noDelay?: boolean;
  /** SO_KEEPALIVE: probe an idle connection (RFC 1122 4.2.3.6). @default {false} */
  keepAlive?: boolean;
  /**
   * Until when (a `performance.now()` time, in ms) a Unix connect into a full listen queue is
   * retried. A blocking connect(2) waits for room in the queue; Deno's non-blocking one fails at
   * once with EAGAIN (WouldBlock). @default {0} (no retry)
   */
  retryUntil?: number;
}

/** Thrown when a Unix listener's queue stayed full until the connect's deadline. */
export class ListenBacklogFull extends Error {
  override name = "ListenBacklogFull";
}

/** First pause between connects into a full queue, in ms; it doubles up to the last. */
const BACKLOG_RETRY_MS = [1, 2, 5, 10, 20, 50];

async function connectUnix(path: string, retryUntil: number): Promise<Deno.Conn> {
  for (let attempt = 0;; attempt++) {
    try {
      return await Deno.connect({ transport: "unix", path });
    } catch (error) {
      if (!(error instanceof Deno.errors.WouldBlock)) throw error;
      const pause = BACKLOG_RETRY_MS[Math.min(attempt, BACKLOG_RETRY_MS.length - 1)];
      if (performance.now() + pause > retryUntil) {
        throw new ListenBacklogFull(
          `listen backlog full: ${path} accepted no more connections (connect kept failing with ` +
            `EAGAIN, ${attempt + 1} attempts); the server accepts too slowly or listens with a ` +
            `small backlog`,
          { cause: error },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/**
 * Opens a listening stream socket: TCP for a host and port, Unix for a path. Port 0 asks the
 * kernel for an ephemeral port; read it from `listener.addr`.
 *
 * @throws {Deno.errors.AddrInUse} When the port or path is taken.
 * @throws {Deno.errors.NotCapable} When the permission for it is not granted.
 * @throws {SocketPathTooLong} When a Unix path is over the 107 bytes of sun_path.
 */
export function listenStream(endpoint: Endpoint): Deno.Listener {
  if ("path" in endpoint) {
    checkSocketPath(endpoint.path);
    return Deno.listen({ transport: "unix", path: endpoint.path });
  }
  return Deno.listen({ transport: "tcp", hostname: endpoint.host, port: endpoint.port });
}

/**
 * Connects a stream socket.
 *
 * @throws {Deno.errors.ConnectionRefused} When nothing listens there.
 * @throws {Deno.errors.NotFound} When a Unix path does not exist.
 * @throws {ListenBacklogFull} When a Unix listener's queue stays full until `retryUntil`.
 * @throws {SocketPathTooLong} When a Unix path is over the 107 bytes of sun_path.
 */
export async function connectStream(
  endpoint: Endpoint,
  options: ConnectStreamOptions = {},
): Promise<Deno.Conn> {
  if ("path" in endpoint) {
    checkSocketPath(endpoint.path);
    return await connectUnix(endpoint.path, options.retryUntil ?? 0);
  }
  const conn = await Deno.connect({
    transport: "tcp",
    hostname: endpoint.host,
    port: endpoint.port,
  });
  if (options.noDelay) conn.setNoDelay(true);
  if (options.keepAlive) conn.setKeepAlive(true);
  return conn;
}

/**
 * Writes every byte of `data` to a connection (or any writer, such as `Deno.stdout`), looping
 * over partial writes (a `write()` may take fewer bytes than given, like send(2) on a
 * non-blocking socket).
 *
 * @returns How many write calls it took.
 * @throws {Deno.errors.BrokenPipe} When the peer has closed or reset the connection.
 */
export async function writeAll(
  conn: { write(data: Uint8Array): Promise<number> },
  data: Uint8Array,
): Promise<number> {
  let written = 0;
  let calls = 0;
  while (written < data.length) {
    written += await conn.write(data.subarray(written));
    calls++;
  }
  return calls;
}
