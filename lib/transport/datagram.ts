/**
 * Datagram sockets (udp, unix datagram). Deno calls a Unix datagram socket "unixpacket"; it
 * needs the `net` unstable flag.
 *
 * @module
 */
import type { Endpoint } from "./address.ts";
import { checkSocketPath } from "./socket_dir.ts";

/**
 * Binds a datagram socket: UDP for a host and port (0 for an ephemeral port), a Unix datagram
 * socket for a path.
 *
 * @throws {Deno.errors.AddrInUse} When the port or path is taken.
 * @throws {SocketPathTooLong} When a Unix path is over the 107 bytes of sun_path.
 */
export function bindDatagram(endpoint: Endpoint): Deno.DatagramConn {
  if ("path" in endpoint) {
    checkSocketPath(endpoint.path);
    return Deno.listenDatagram({ transport: "unixpacket", path: endpoint.path });
  }
  return Deno.listenDatagram({ transport: "udp", hostname: endpoint.host, port: endpoint.port });
}

/** The Deno address of an endpoint, for `DatagramConn.send`. */
export function datagramAddr(endpoint: Endpoint): Deno.Addr {
  if ("path" in endpoint) return { transport: "unixpacket", path: endpoint.path };
  return { transport: "udp", hostname: endpoint.host, port: endpoint.port };
}
