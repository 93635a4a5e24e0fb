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
