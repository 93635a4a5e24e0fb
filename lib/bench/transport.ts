/**
 * The four transports the benchmarks drive, and how to open a client socket on each.
 *
 * @module
 */

import type { Transport } from "../common/transport.ts";

export { isStream } from "../common/transport.ts";

/** A transport: TCP and Unix stream sockets, UDP and Unix datagram sockets. */
export type BenchTransport = Transport;

/** Every transport, in report order. */
export const BENCH_TRANSPORTS: readonly BenchTransport[] = ["tcp", "unix", "udp", "unixgram"];

/** Where a peer listens: a loopback port (tcp, udp) or a socket path (unix, unixgram). */
export type PeerAddress =
  | { transport: "tcp" | "udp"; hostname: string; port: number }
  | { transport: "unix" | "unixgram"; path: string };

/**
 * Largest datagram payload the transport accepts, in bytes, or `Infinity` for streams.
 *
 * UDP over IPv4: 65535 minus the 8-byte UDP header and the 20-byte IP header (RFC 768, RFC 791).
 * Unix datagrams are limited by the socket send buffer (`net.core.wmem_default`, 212992 bytes
 * on most Linux systems, less some overhead); 65536 bytes is known to pass.
 */
export function maxPayloadBytes(transport: BenchTransport): number {
  if (transport === "udp") return 65507;
  if (transport === "unixgram") return 65536;
  return Infinity;
}

/** Parses a transport name, throwing a {@linkcode TypeError} naming the accepted ones. */
export function parseTransport(name: string): BenchTransport {
  const found = BENCH_TRANSPORTS.find((t) => t === name);
  if (found === undefined) {
    throw new TypeError(
      `Unknown transport "${name}": expected one of ${BENCH_TRANSPORTS.join(", ")}`,
    );
  }
  return found;
}

/** Options of {@linkcode connectStream}. */
export interface ConnectStreamOptions {
  /** Set TCP_NODELAY (ignored for unix sockets, which have no Nagle algorithm). @default {false} */
  noDelay?: boolean;
}

/**
 * Connects a stream socket to the peer.
 *
 * @throws {TypeError} if the address is a datagram address.
 */
export async function connectStream(
  address: PeerAddress,
  options: ConnectStreamOptions = {},
): Promise<Deno.Conn> {
  if (address.transport === "tcp") {
    const conn = await Deno.connect({ hostname: address.hostname, port: address.port });
    if (options.noDelay) conn.setNoDelay(true);
    return conn;
  }
  if (address.transport === "unix") {
    return await Deno.connect({ transport: "unix", path: address.path });
  }
  throw new TypeError(`connectStream needs a tcp or unix address, found ${address.transport}`);
}

/** A bound datagram socket and the peer address to send to. */
export interface DatagramClient {
  socket: Deno.DatagramConn;
  /** Where to send: pass as the second argument of `socket.send`. */
  to: Deno.Addr;
}

/**
 * Opens a datagram socket for talking to the peer: UDP bound to an ephemeral loopback port, or
 * a Unix datagram socket bound to `localPath` (the peer needs an address to answer to).
 *
 * @throws {TypeError} if the address is a stream address, or unixgram without `localPath`.
 */
export function openDatagramClient(address: PeerAddress, localPath?: string): DatagramClient {
  if (address.transport === "udp") {
    const socket = Deno.listenDatagram({
      transport: "udp",
      hostname: address.hostname,
      port: 0,
    });
    return {
      socket,
      to: { transport: "udp", hostname: address.hostname, port: address.port },
    };
  }
  if (address.transport === "unixgram") {
    if (localPath === undefined) throw new TypeError("A unixgram client needs a localPath");
    const socket = Deno.listenDatagram({ transport: "unixpacket", path: localPath });
    return { socket, to: { transport: "unixpacket", path: address.path } };
  }
  throw new TypeError(
    `openDatagramClient needs a udp or unixgram address, found ${address.transport}`,
  );
}
