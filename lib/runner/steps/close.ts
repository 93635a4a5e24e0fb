/** `close`: close a connection, a listener or a datagram socket. @module */
import type { StepRunner } from "./_types.ts";
import { StepFailure } from "../errors.ts";
import { finishDatagramCheck } from "./_datagram_socket.ts";

/** Closes a connection, a listener or a datagram socket labelled by `conn`. */
export const close: StepRunner<"close"> = async (step, peer) => {
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
};
