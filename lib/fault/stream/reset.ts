/**
 * `reset`: after `after_bytes` bytes have passed in the direction, the relay aborts the
 * connection on both sides with a TCP RST, so both peers see `ConnectionReset` (or, when the
 * reset arrives before they read, `read()` resolving null and later writes failing with
 * BrokenPipe).
 *
 * How the RST is made: Deno has no SO_LINGER and no way to close a `Deno.Conn` abortively, so TCP
 * connections in the relay are `node:net` sockets and the reset is `socket.resetAndDestroy()`,
 * which closes with SO_LINGER {on, 0}: the kernel discards unsent data and sends RST (RFC 793
 * 3.5 "abort", RFC 1122 4.2.2.13). Unix stream sockets have no RST: the relay closes them, and
 * Linux gives the peer ECONNRESET only if the relay's side held unread data (unix(7),
 * `unix_release_sock`), otherwise EOF.
 *
 * ```yaml
 * - reset: { after_bytes: 4096 }
 *   direction: to_client
 * ```
 *
 * @module
 */
import { z } from "../../_deps/zod.ts";
import { sizeSchema } from "../_common.ts";
import { afterBytesStage } from "./_after_bytes.ts";
import { defineStreamFault, type StreamFaultKind } from "./_types.ts";

/** Parameters of the `reset` fault, as validated. */
export interface ResetParams {
  /** Bytes forwarded in the direction before the reset (0: at once). @default {0} */
  after_bytes: number;
}

/** The `reset` fault. */
export const resetFault: StreamFaultKind<
  z.ZodObject<{ after_bytes: z.ZodDefault<z.ZodType<number, number | string>> }, z.core.$strict>
> = defineStreamFault({
  summary: "Abort the connection with RST after after_bytes bytes",
  params: z.strictObject({
    after_bytes: sizeSchema.default(0).meta({
      description: "Bytes forwarded in the direction before the reset (default 0: at once)",
    }),
  }),
  create(params, ctx, next) {
    return afterBytesStage(
      params.after_bytes,
      next,
      (why, fields) => ctx.reset(`reset the connection ${why}`, fields),
    );
  },
});
