/** The datagram socket a step uses, bound on first use. @internal @module */
import type { DatagramSocket, PeerState } from "../peer_state.ts";
import { bindDatagram } from "../../transport/datagram.ts";
import { formatAddr } from "../../transport/address.ts";

/**
 * Returns the peer's datagram socket labelled `label`, binding one if there is none: an
 * ephemeral port on the scenario's host for udp, a fresh path for unixgram (a Unix datagram
 * client needs a path of its own to get replies).
 */
export function datagramSocket(peer: PeerState, label: string): DatagramSocket {
  const existing = peer.datagrams.get(label);
  if (existing) return existing;
  const { ctx } = peer;
  const endpoint = ctx.transport === "unixgram"
    ? { path: ctx.socketPath(`${peer.name}-${label}`) }
    : { host: ctx.scenario.host, port: 0 };
  const socket = ctx.track(bindDatagram(endpoint));
  const state: DatagramSocket = { socket, nextSeq: 0 };
  peer.datagrams.set(label, state);
  peer.capture(`${label}.local_address`, formatAddr(socket.addr));
  peer.capture(`${label}.local_port`, "port" in socket.addr ? socket.addr.port : "");
  ctx.record.add({ peer: peer.name, conn: label, kind: "listen", detail: formatAddr(socket.addr) });
  return state;
}

/** Records what the socket's datagram verification found, once, as a datagram_check event. */
export function finishDatagramCheck(peer: PeerState, label: string, state: DatagramSocket): void {
  if (!state.check) return;
  peer.ctx.record.add({
    peer: peer.name,
    conn: label,
    kind: "datagram_check",
    datagram: state.check.tracker.finish(state.check.expected, {
      ended: !state.check.stoppedAtCount,
    }),
  });
  state.check = undefined;
}
