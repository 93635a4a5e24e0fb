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
 * @throws {SocketPathTooLong} When a Unix path is over the 107 bytes of sun_path.
 */
export async function connectStream(
  endpoint: Endpoint,
  options: ConnectStreamOptions = {},
): Promise<Deno.Conn> {
  if ("path" in endpoint) {
    checkSocketPath(endpoint.path);
    return await Deno.connect({ transport: "unix", path: endpoint.path });
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
