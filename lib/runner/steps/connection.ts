/** `expect_eof`, `close_write` and `close`: the ends of a stream connection. @module */
import type { StepRunner } from "./_types.ts";
import { remainingMs } from "./_types.ts";
import { StepFailure } from "../errors.ts";
import { finishDatagramCheck } from "./_datagram_socket.ts";

/** Expects the next read to return EOF: the peer closed or half-closed its side. */
export const expectEof: StepRunner = async (step, peer, deadlineAt) => {
  const conn = peer.conn(step.conn);
  const chunk = await conn.next(64 * 1024, remainingMs(deadlineAt));
  if (chunk !== null) {
    throw new StepFailure(`expected EOF, received ${chunk.length} more bytes`, { received: chunk });
  }
};

/**
 * Half-closes: shuts down the write side (shutdown(2) with SHUT_WR, a FIN on TCP). The peer
 * reads EOF and may still answer.
 */
export const closeWrite: StepRunner = async (step, peer) => {
  const conn = peer.conn(step.conn);
  await conn.conn.closeWrite();
  conn.writeClosed = true;
  peer.ctx.record.add({
    peer: peer.name,
    conn: step.conn,
    kind: "close_write",
    offset: conn.sentBytes,
  });
};

/** Closes a connection, a listener or a datagram socket labelled by `conn`. */
export const close: StepRunner = async (step, peer) => {
  const { ctx } = peer;
  const resource = peer.conns.get(step.conn)?.conn ?? peer.listeners.get(step.conn) ??
    peer.datagrams.get(step.conn)?.socket;
  if (!resource) throw new StepFailure(`nothing named ${JSON.stringify(step.conn)} to close`);
  const datagram = peer.datagrams.get(step.conn);
  if (datagram) finishDatagramCheck(peer, step.conn, datagram);
  peer.conns.delete(step.conn);
  peer.listeners.delete(step.conn);
  peer.datagrams.delete(step.conn);
  await ctx.release(resource);
  ctx.record.add({ peer: peer.name, conn: step.conn, kind: "close" });
};
