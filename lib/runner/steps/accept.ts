/** `accept`: take the next connection from a listener. @module */
import { z } from "../../_deps/zod.ts";
import { defineStep } from "./_define.ts";
import { remainingMs } from "./_define.ts";
import { formatAddr } from "../../transport/address.ts";
import { deadline } from "../deadline.ts";
import { StreamConn } from "../stream_conn.ts";
import { StepFailure } from "../errors.ts";
import { recordAddresses } from "./_addresses.ts";

/** Pending accepts that outlived their step, by listener: the next accept takes their result. */
const inflight = new WeakMap<Deno.Listener, Promise<Deno.Conn>>();

/** Accepts from the peer's listener (or `from`), into the connection labelled `conn`. */
export const acceptStep = defineStep({
  schema: z.strictObject({
    from: z.string().optional().meta({ description: "Listener label (the peer's own by default)" }),
  }).nullable(),
  family: "stream",
  doc: [
    [
      "`accept: {from}`",
      "accept the next connection from `listener` (or `from`) into `conn`",
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
    peer.conns.set(
      step.socket,
      new StreamConn(peer.ctx, conn, { peer: peer.name, label: step.socket }),
    );
    recordAddresses(peer, step.socket, conn);
    peer.ctx.record.add({
      peer: peer.name,
      conn: step.socket,
      kind: "accept",
      detail: `${formatAddr(conn.localAddr)} <- ${formatAddr(conn.remoteAddr)}`,
    });
  },
});
