/** `expect_eof`: the peer closed or half-closed its side. @module */
import { z } from "../../_deps/zod.ts";
import { defineStep } from "./_define.ts";
import { remainingMs } from "./_define.ts";
import { StepFailure } from "../errors.ts";
import { withEchoNote } from "./_echo_note.ts";

/** Expects the next read to return EOF: the peer closed or half-closed its side. */
export const expectEofStep = defineStep({
  schema: z.union([z.null(), z.strictObject({})]),
  family: "stream",
  doc: [
    [
      "`expect_eof: {}`",
      "the next read must return EOF",
    ],
  ],
  async run(_args, { step, peer, deadlineAt }) {
    const conn = peer.conn(step.socket);
    const chunk = await conn.next(64 * 1024, remainingMs(deadlineAt));
    if (chunk !== null) {
      throw withEchoNote(
        conn,
        new StepFailure(`expected EOF, received ${chunk.length} more bytes`, { received: chunk }),
      );
    }
  },
});
