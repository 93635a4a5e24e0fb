/** The recording sink: reads everything and, with `verify`, checks it against a pattern. @module */
import type { Builtin } from "./_types.ts";
import { readUntilEof } from "./_pump.ts";
import { DatagramTracker, StreamVerifier } from "../../pattern/mod.ts";

/**
 * A sink that records every read and, with `verify: sequence`, checks the stream byte by byte
 * and records a stream_check event at EOF. Datagrams with `verify` are tracked by sequence
 * number; the tracker's result is recorded when the run stops the sink.
 */
export const sink: Builtin = {
  async serveStream(conn, label, ctx) {
    const pattern = ctx.options.verify;
    const verifier = pattern
      ? new StreamVerifier({ pattern, seed: ctx.seed, expectedBytes: ctx.options.size })
      : undefined;
    const got = await readUntilEof(conn, label, ctx, (chunk) => verifier?.push(chunk));
    if (verifier) {
      ctx.record.add({
        peer: ctx.peer,
        conn: label,
        kind: "stream_check",
        bytes: got,
        stream: verifier.finish(),
      });
    }
  },
  datagrams(ctx) {
    if (!ctx.options.verify) return { answer: () => null };
    const tracker = new DatagramTracker({ seed: ctx.seed });
    return {
      answer(datagram) {
        tracker.push(datagram);
        return null;
      },
      finish() {
        ctx.record.add({
          peer: ctx.peer,
          kind: "datagram_check",
          datagram: tracker.finish(),
        });
      },
    };
  },
};
