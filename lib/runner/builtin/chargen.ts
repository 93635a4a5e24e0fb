/** The character generator (RFC 864). @module */
import type { Builtin } from "./_types.ts";
import { sendRecorded } from "./_pump.ts";
import { fillPattern } from "../../pattern/mod.ts";

const PIECE_BYTES = 16 * 1024;
/** RFC 864 suggests up to 512 bytes in a UDP reply; sockspec sends one 74-byte line. */
const DATAGRAM_BYTES = 74;

/**
 * Sends the printable `ascii` pattern (72-character lines) until `size` bytes, then closes; or,
 * without `size`, until the client closes. Answers each datagram with one line.
 */
export const chargen: Builtin = {
  async serveStream(conn, label, ctx) {
    const limit = ctx.options.size ?? Number.POSITIVE_INFINITY;
    const piece = new Uint8Array(PIECE_BYTES);
    for (let sent = 0; sent < limit;) {
      const chunk = piece.subarray(0, Math.min(PIECE_BYTES, limit - sent));
      fillPattern(chunk, { pattern: "ascii", offsetBytes: sent, seed: ctx.seed });
      if (!await sendRecorded(conn, chunk, { label, offset: sent, ctx })) return;
      sent += chunk.length;
    }
    await conn.closeWrite().catch(() => {});
  },
  datagrams(ctx) {
    const line = new Uint8Array(DATAGRAM_BYTES);
    fillPattern(line, { pattern: "ascii", offsetBytes: 0, seed: ctx.seed });
    return { answer: () => line.slice() };
  },
};
