/** The datagram socket a step uses, bound on first use. @internal @module */
import type { DatagramSocket, PeerState } from "../peer_state.ts";
import { bindDatagram } from "../../transport/datagram.ts";
import { formatAddr } from "../../transport/address.ts";
import { deadline } from "../deadline.ts";
import { StepFailure } from "../errors.ts";
import { DatagramHistory, type ReceivedDatagram } from "../datagram_history.ts";

/** Receive buffer of a datagram step unless it sets `buffer`: the largest UDP payload fits. */
const DEFAULT_DATAGRAM_BUFFER_BYTES = 65536;

/**
 * Receives one datagram within `timeoutMs`, and notes it in the socket's history. A receive that
 * outlives its step stays pending on the socket (Deno cannot cancel it): the next receive takes
 * its datagram.
 *
 * @param bufferBytes Receive buffer; a longer datagram is truncated to it (65536).
 * @param step The step kind the timeout message names.
 * @returns The datagram, its sender, and its entry in the socket's history.
 * @throws {import("../errors.ts").TimedOut} When none comes in time.
 */
export async function receiveDatagram(
  peer: PeerState,
  state: DatagramSocket,
  bufferBytes: number | undefined,
  timeoutMs: number,
  step = "receive_from",
): Promise<[Uint8Array, Deno.Addr, ReceivedDatagram]> {
  if (!state.inflight) {
    state.inflightBufferBytes = bufferBytes ?? DEFAULT_DATAGRAM_BUFFER_BYTES;
    state.inflight = peer.ctx.pending(
      state.socket.receive(new Uint8Array(state.inflightBufferBytes)),
    );
  }
  const [datagram, addr] = await deadline(
    state.inflight,
    timeoutMs,
    `${step} on ${peer.name}`,
  );
  state.inflight = undefined;
  return [datagram, addr, state.history.received(datagram, state.inflightBufferBytes)];
}

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
  const state: DatagramSocket = { socket, nextSeq: 0, history: new DatagramHistory() };
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

/**
 * Fails unless the datagram came from `from`: a peer name or an address.
 *
 * @throws {StepFailure} When it came from elsewhere.
 */
export function checkSender(peer: PeerState, from: string | undefined, addr: Deno.Addr): void {
  if (from === undefined) return;
  const endpoint = peer.ctx.endpoints.get(from);
  const expected = endpoint
    ? ("path" in endpoint ? endpoint.path : `${endpoint.host}:${endpoint.port}`)
    : peer.expand(from);
  if (formatAddr(addr) !== expected) {
    throw new StepFailure(`expected a datagram from ${expected}, it came from ${formatAddr(addr)}`);
  }
}
