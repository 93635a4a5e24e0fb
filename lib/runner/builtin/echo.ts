/** The echo server (RFC 862): every byte back, in order. @module */
import type { Builtin } from "./_types.ts";
import { readUntilEof, sendRecorded } from "./_pump.ts";

/** Builds an echo that sends back `transform(chunk)` for each chunk read. */
export function echoing(transform: (chunk: Uint8Array) => Uint8Array): Builtin {
  return {
    async serveStream(conn, label, ctx) {
      let sent = 0;
      let open = true;
      await readUntilEof(conn, label, ctx, async (chunk) => {
        if (!open) return;
        const reply = transform(chunk);
        open = await sendRecorded(conn, reply, { label, offset: sent, ctx });
        sent += reply.length;
      });
      // The client half-closed: send our FIN too, after everything echoed (four-way close).
      await conn.closeWrite().catch(() => {});
    },
    datagrams: () => ({ answer: (datagram) => transform(datagram).slice() }),
  };
}

/** Echo (RFC 862). */
export const echo: Builtin = echoing((chunk) => chunk);
