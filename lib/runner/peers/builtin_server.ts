/** Runs a built-in server peer. @module */
import type { RunContext } from "../context.ts";
import type { Peer } from "../../model/scenario.ts";
import { isStream } from "../../common/transport.ts";
import type { Endpoint } from "../../transport/address.ts";
import { listenStream } from "../../transport/stream.ts";
import { bindDatagram } from "../../transport/datagram.ts";
import { BUILTIN_PEERS, type BuiltinContext } from "../builtin/mod.ts";
import { endpointOfAddr } from "./listen_endpoint.ts";

/** A started server: where it listens and a promise that settles when it stops. */
export interface StartedServer {
  endpoint: Endpoint;
  /** Settles once the server has stopped (after the run closes its sockets). */
  done: Promise<void>;
  /** Resolves when every connection open now has been served to its end. */
  idle(): Promise<unknown>;
  /** Records final results (for example a sink's datagram check). */
  finish(): void;
}

async function acceptLoop(
  listener: Deno.Listener,
  ctx: RunContext,
  builtinCtx: BuiltinContext,
  sessions: Set<Promise<void>>,
): Promise<void> {
  const builtin = BUILTIN_PEERS[builtinCtx.options.builtin!];
  for (let n = 1;; n++) {
    let conn: Deno.Conn;
    try {
      conn = ctx.track(await listener.accept());
    } catch {
      break; // The run closed the listener.
    }
    const label = `conn#${n}`;
    ctx.record.add({ peer: builtinCtx.peer, conn: label, kind: "accept" });
    const session = builtin.serveStream(conn, label, builtinCtx).catch(() => {})
      .finally(() => ctx.release(conn));
    sessions.add(session);
    session.finally(() => sessions.delete(session));
  }
  await Promise.allSettled(sessions);
}

async function datagramLoop(
  socket: Deno.DatagramConn,
  ctx: RunContext,
  session: ReturnType<typeof BUILTIN_PEERS[string]["datagrams"]>,
  peer: string,
): Promise<void> {
  for (;;) {
    let datagram: Uint8Array;
    let from: Deno.Addr;
    try {
      [datagram, from] = await socket.receive();
    } catch {
      return; // The run closed the socket.
    }
    ctx.record.add({ peer, kind: "receive", bytes: datagram.length }, datagram);
    const reply = session.answer(datagram);
    if (!reply) continue;
    try {
      await socket.send(reply, from);
      ctx.record.add({ peer, kind: "send", bytes: reply.length }, reply);
    } catch {
      // A Unix datagram client may have gone: its path no longer exists. UDP never fails here.
    }
  }
}

/**
 * Binds a built-in server on `endpoint` and serves until the run closes its socket.
 *
 * @throws {Deno.errors.AddrInUse} When the endpoint is taken.
 */
export function startBuiltinServer(
  peer: Peer,
  ctx: RunContext,
  endpoint: Endpoint,
): StartedServer {
  const builtinCtx: BuiltinContext = {
    options: peer.doc,
    seed: ctx.seed,
    record: ctx.record,
    peer: peer.name,
  };
  if (isStream(ctx.transport)) {
    const listener = ctx.track(listenStream(endpoint));
    const sessions = new Set<Promise<void>>();
    return {
      endpoint: endpointOfAddr(listener.addr),
      done: ctx.pending(acceptLoop(listener, ctx, builtinCtx, sessions)),
      idle: () => Promise.allSettled([...sessions]),
      finish() {},
    };
  }
  const socket = ctx.track(bindDatagram(endpoint));
  const session = BUILTIN_PEERS[peer.doc.builtin!].datagrams(builtinCtx);
  return {
    endpoint: endpointOfAddr(socket.addr),
    done: ctx.pending(datagramLoop(socket, ctx, session, peer.name)),
    idle: () => Promise.resolve(),
    finish: () => session.finish?.(),
  };
}
