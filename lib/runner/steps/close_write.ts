/** `close_write`: half-close a stream connection. @module */
import { z } from "../../_deps/zod.ts";
import { defineStep } from "./_define.ts";

/**
 * Half-closes: shuts down the write side (shutdown(2) with SHUT_WR, a FIN on TCP). The peer
 * reads EOF and may still answer.
 */
export const closeWriteStep = defineStep({
  schema: z.union([z.null(), z.strictObject({})]),
  family: "stream",
  doc: [
    [
      "`close_write: {}`",
      "half-close: shutdown(SHUT_WR), a FIN",
    ],
  ],
  async run(_args, { step, peer }) {
    const conn = peer.conn(step.socket);
    await conn.conn.closeWrite();
    conn.writeClosed = true;
    peer.ctx.record.add({
      peer: peer.name,
      conn: step.socket,
      kind: "close_write",
      offset: conn.sentBytes,
    });
  },
});
