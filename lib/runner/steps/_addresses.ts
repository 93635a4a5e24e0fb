/** Captures the addresses of a new connection. @internal @module */
import type { PeerState } from "../peer_state.ts";
import { formatAddr } from "../../transport/address.ts";

/**
 * Captures `{label}.local_address`, `.local_port`, `.remote_address`, `.remote_port` (the port
 * is empty for Unix sockets).
 */
export function recordAddresses(
  peer: PeerState,
  label: string,
  conn: Deno.Conn,
): void {
  for (const [side, addr] of [["local", conn.localAddr], ["remote", conn.remoteAddr]] as const) {
    peer.capture(`${label}.${side}_address`, formatAddr(addr));
    peer.capture(`${label}.${side}_port`, "port" in addr ? addr.port : "");
    peer.capture(`${label}.${side}_host`, "hostname" in addr ? addr.hostname : "");
  }
}

/**
 * On a TLS connection, completes the handshake (a no-op when done) and captures the ALPN
 * protocol the two sides agreed on as `{label}.alpn` (empty when none). Returns words for the
 * record, such as ` (TLS, ALPN h2)`; empty for a plain connection.
 */
export async function recordTls(peer: PeerState, label: string, conn: Deno.Conn): Promise<string> {
  if (!("handshake" in conn)) return "";
  const { alpnProtocol } = await (conn as Deno.TlsConn).handshake();
  peer.capture(`${label}.alpn`, alpnProtocol ?? "");
  return alpnProtocol ? ` (TLS, ALPN ${alpnProtocol})` : " (TLS)";
}
