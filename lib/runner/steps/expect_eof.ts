/** `expect_eof`: the peer closed or half-closed its side. @module */
import type { StepRunner } from "./_types.ts";
import { remainingMs } from "./_types.ts";
import { StepFailure } from "../errors.ts";

/** Expects the next read to return EOF: the peer closed or half-closed its side. */
export const expectEof: StepRunner<"expect_eof"> = async (step, peer, deadlineAt) => {
  const conn = peer.conn(step.socket);
  const chunk = await conn.next(64 * 1024, remainingMs(deadlineAt));
  if (chunk !== null) {
    throw new StepFailure(`expected EOF, received ${chunk.length} more bytes`, { received: chunk });
  }
};
