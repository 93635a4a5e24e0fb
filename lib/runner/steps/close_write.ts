/** `close_write`: half-close a stream connection. @module */
import type { StepRunner } from "./_types.ts";

/**
 * Half-closes: shuts down the write side (shutdown(2) with SHUT_WR, a FIN on TCP). The peer
 * reads EOF and may still answer.
 */
export const closeWrite: StepRunner<"close_write"> = async (step, peer) => {
  const conn = peer.conn(step.socket);
  await conn.conn.closeWrite();
  conn.writeClosed = true;
  peer.ctx.record.add({
    peer: peer.name,
    conn: step.socket,
    kind: "close_write",
    offset: conn.sentBytes,
  });
};
