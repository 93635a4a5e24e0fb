/** `close`: close a connection, a listener or a datagram socket. @module */
import { z } from "../../_deps/zod.ts";
import { defineStep } from "./_define.ts";
import { StepFailure } from "../errors.ts";
import { finishDatagramCheck } from "./_datagram_socket.ts";

/** Closes a connection, a listener or a datagram socket labelled by `conn`. */
export const closeStep = defineStep({
  schema: z.union([z.null(), z.strictObject({})]),
  doc: [
    [
      "`close: {}`",
      "close `conn` (a connection, listener or datagram socket)",
    ],
  ],
  async run(_args, { step, peer }) {
    const { ctx } = peer;
    const resource = peer.conns.get(step.socket)?.conn ?? peer.listeners.get(step.socket) ??
      peer.datagrams.get(step.socket)?.socket;
    if (!resource) throw new StepFailure(`nothing named ${JSON.stringify(step.socket)} to close`);
    const datagram = peer.datagrams.get(step.socket);
    if (datagram) finishDatagramCheck(peer, step.socket, datagram);
    peer.conns.delete(step.socket);
    peer.listeners.delete(step.socket);
    peer.datagrams.delete(step.socket);
    await ctx.release(resource);
    ctx.record.add({ peer: peer.name, conn: step.socket, kind: "close" });
  },
});
