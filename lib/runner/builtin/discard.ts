/** The discard server (RFC 863): reads everything, answers nothing. @module */
import type { Builtin } from "./_types.ts";
import { readUntilEof } from "./_pump.ts";

/** Discard (RFC 863). */
export const discard: Builtin = {
  async serveStream(conn, label, ctx) {
    await readUntilEof(conn, label, ctx, () => {});
  },
  datagrams: () => ({ answer: () => null }),
};
