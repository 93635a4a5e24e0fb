/** Runs scripted peers: servers bound up front, clients as one or many instances. @module */
import type { RunContext } from "../context.ts";
import type { Peer } from "../../model/scenario.ts";
import { isStream } from "../../common/transport.ts";
import type { Endpoint } from "../../transport/address.ts";
import { listenStream, type ServerTlsOptions } from "../../transport/stream.ts";
import { bindDatagram } from "../../transport/datagram.ts";
import { PeerState } from "../peer_state.ts";
import { runSteps } from "../run_steps.ts";
import { endpointOfAddr } from "./listen_endpoint.ts";
import { formatAddr } from "../../transport/address.ts";
import { finishDatagramCheck } from "../steps/_datagram_socket.ts";
import { DatagramHistory } from "../datagram_history.ts";

/** Closes what a peer instance opened: a client's sockets close when its script ends. */
export async function releaseAll(peer: PeerState): Promise<void> {
  const { ctx } = peer;
  for (const conn of peer.conns.values()) await ctx.release(conn.conn);
  for (const listener of peer.listeners.values()) await ctx.release(listener);
  for (const [label, datagram] of peer.datagrams) {
    finishDatagramCheck(peer, label, datagram);
    await ctx.release(datagram.socket);
  }
}

/**
 * Binds a scripted server's socket (its listener is `listener`; on datagrams its socket is
 * `main`) and returns where it listens, and `start` to run its steps once the runner has
 * published that address (steps may name it, as `{server.port}`).
 */
export function startScriptServer(
  peer: Peer,
  ctx: RunContext,
  endpoint: Endpoint,
  tls?: ServerTlsOptions,
): { endpoint: Endpoint; start(): Promise<void> } {
  const state = new PeerState(ctx, { name: peer.name, peerName: peer.name });
  let addr: Deno.Addr;
  if (isStream(ctx.transport)) {
    const listener = ctx.track(
      listenStream(endpoint, { reusePort: peer.doc.listen?.reuse_port, tls }),
    );
    state.listeners.set("listener", listener);
    addr = listener.addr;
  } else {
    const socket = ctx.track(bindDatagram(endpoint));
    state.datagrams.set("main", { socket, nextSeq: 0, history: new DatagramHistory() });
    addr = socket.addr;
  }
  ctx.record.add({ peer: peer.name, conn: "listener", kind: "listen", detail: formatAddr(addr) });
  return {
    endpoint: endpointOfAddr(addr),
    start: () =>
      runSteps(peer.steps, state).catch((error) => ctx.fail(error)).finally(() =>
        releaseAll(state)
      ),
  };
}

/**
 * Runs every instance of a scripted client at once. A failing instance stops the run through
 * {@linkcode RunContext.fail}; this resolves once every instance has ended.
 */
export async function runScriptClient(peer: Peer, ctx: RunContext): Promise<void> {
  const instances = Array.from({ length: peer.count }, (_, i) => {
    const name = peer.count === 1 ? peer.name : `${peer.name}#${i + 1}`;
    const state = new PeerState(ctx, { name, peerName: peer.name });
    state.locals.set("instance", i + 1);
    return runSteps(peer.steps, state).catch((error) => ctx.fail(error))
      .finally(() => releaseAll(state));
  });
  await Promise.all(instances);
}
