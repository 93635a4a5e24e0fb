/** `accept`: take the next connection from a listener. @module */
import { z } from "../../_deps/zod.ts";
import { defineStep } from "./_define.ts";
import { remainingMs } from "./_define.ts";
import { formatAddr } from "../../transport/address.ts";
import { deadline } from "../deadline.ts";
import { StreamConn } from "../stream_conn.ts";
import { StepFailure } from "../errors.ts";
import { recordAddresses, recordTls } from "./_addresses.ts";
import { setStreamOptions } from "../../transport/stream.ts";

/** Pending accepts that outlived their step, by listener: the next accept takes their result. */
const inflight = new WeakMap<Deno.Listener, Promise<Deno.Conn>>();

/**
 * Accepts from the peer's listener (or `from`), into the connection labelled `conn`, and sets
 * TCP_NODELAY and SO_KEEPALIVE on the accepted socket when asked (TCP; ignored on Unix).
 */
export const acceptStep = defineStep({
  schema: z.strictObject({
    from: z.string().optional().meta({ description: "Listener label (the peer's own by default)" }),
    no_delay: z.boolean().optional().meta({
      description: "TCP_NODELAY on the accepted socket: disable Nagle (RFC 896)",
    }),
    keep_alive: z.boolean().optional().meta({
      description: "SO_KEEPALIVE on the accepted socket (RFC 1122 4.2.3.6)",
    }),
  }).nullable(),
  family: "stream",
  doc: [
    [
      "`accept: {from, no_delay, keep_alive}`",
      "accept the next connection from `listener` (or `from`) into `conn`; `no_delay`, `keep_alive` as on connect",
    ],
  ],
  async run(args, { step, peer, deadlineAt }) {
    const from = args?.from ?? "listener";
    const listener = peer.listeners.get(from);
    if (!listener) {
      throw new StepFailure(
        `no listener ${JSON.stringify(from)}: a server peer has "listener"; listen: opens others`,
      );
    }
    // Track the connection the moment it is accepted, so that a late one is closed at the end.
    const accepting = inflight.get(listener) ??
      peer.ctx.pending(listener.accept().then((conn) => peer.ctx.track(conn)));
    inflight.set(listener, accepting);
    const conn = await deadline(accepting, remainingMs(deadlineAt), `accept on ${from}`);
    inflight.delete(listener);
    setStreamOptions(conn, { noDelay: args?.no_delay, keepAlive: args?.keep_alive });
    // A TLS listener's connection does its handshake on first use: do it here, within the step.
    const negotiated = await deadline(
      recordTls(peer, step.socket, conn),
      remainingMs(deadlineAt),
      `TLS handshake on ${from}`,
    );
    peer.conns.set(
      step.socket,
      new StreamConn(peer.ctx, conn, { peer: peer.name, label: step.socket }),
    );
    recordAddresses(peer, step.socket, conn);
    peer.ctx.record.add({
      peer: peer.name,
      conn: step.socket,
      kind: "accept",
      detail: `${formatAddr(conn.localAddr)} <- ${formatAddr(conn.remoteAddr)}${negotiated}`,
    });
  },
});
