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
  /** TLS over the TCP connection, its handshake done before the connection is returned. */
  tls?: ClientTlsOptions;
  /**
   * Until when (a `performance.now()` time, in ms) a Unix connect into a full listen queue is
   * retried. A blocking connect(2) waits for room in the queue; Deno's non-blocking one fails at
   * once with EAGAIN (WouldBlock). @default {0} (no retry)
   */
  retryUntil?: number;
}

/** A TLS client's settings. */
export interface ClientTlsOptions {
  /** Name sent as SNI and checked against the certificate (default: the host). */
  serverName?: string;
  /** CA certificates (PEM) trusted beside the system's. */
  caCerts?: string[];
  /** ALPN protocols offered, in order of preference. */
  alpn?: string[];
}

/** A TLS server's certificate and ALPN protocols. */
export interface ServerTlsOptions {
  /** Certificate chain, PEM. */
  cert: string;
  /** Private key, PEM. */
  key: string;
  /** ALPN protocols accepted, in order of preference. */
  alpn?: string[];
}

/** Options of {@linkcode listenStream}. */
export interface ListenStreamOptions {
  /**
   * SO_REUSEPORT (TCP on Linux): several listeners share one port and the kernel spreads new
   * connections over them. Every listener on the port must set it. @default {false}
   */
  reusePort?: boolean;
  /** Accept TLS connections with this certificate (TCP only): accept returns a `Deno.TlsConn`. */
  tls?: ServerTlsOptions;
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
 * @throws {SocketPathTooLong} When a Unix path is over sun_path (107 bytes, 108 for an abstract
 *   name).
 * @throws {TypeError} When `reusePort` or `tls` is asked of a Unix socket.
 */
export function listenStream(endpoint: Endpoint, options: ListenStreamOptions = {}): Deno.Listener {
  if ("path" in endpoint) {
    if (options.reusePort) throw new TypeError("reuse_port is a TCP option (SO_REUSEPORT)");
    if (options.tls) throw new TypeError("tls is a TCP option");
    checkSocketPath(endpoint.path);
    return Deno.listen({ transport: "unix", path: endpoint.path });
  }
  if (options.tls) {
    return Deno.listenTls({
      transport: "tcp",
      hostname: endpoint.host,
      port: endpoint.port,
      reusePort: options.reusePort,
      cert: options.tls.cert,
      key: options.tls.key,
      alpnProtocols: options.tls.alpn,
    });
  }
  return Deno.listen({
    transport: "tcp",
    hostname: endpoint.host,
    port: endpoint.port,
    reusePort: options.reusePort,
  });
}

/**
 * Sets TCP_NODELAY and SO_KEEPALIVE on a connection, connected or accepted. A Unix socket has
 * neither: they are ignored there. Deno sets no keep-alive idle time (TCP_KEEPIDLE): the
 * kernel's (net.ipv4.tcp_keepalive_time, 7200 s by default) applies.
 */
export function setStreamOptions(conn: Deno.Conn, options: ConnectStreamOptions): void {
  if (conn.localAddr.transport !== "tcp") return;
  const tcp = conn as Deno.TcpConn;
  if (options.noDelay !== undefined) tcp.setNoDelay(options.noDelay);
  if (options.keepAlive !== undefined) tcp.setKeepAlive(options.keepAlive);
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
  setStreamOptions(conn, options);
  if (!options.tls) return conn;
  // startTls over an open TCP connection: the SNI name need not resolve (no DNS on loopback).
  const tls = await Deno.startTls(conn, {
    hostname: options.tls.serverName ?? endpoint.host,
    caCerts: options.tls.caCerts,
    alpnProtocols: options.tls.alpn,
  });
  try {
    await tls.handshake();
  } catch (error) {
    tls.close();
    throw error;
  }
  return tls;
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
