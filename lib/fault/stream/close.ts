/**
 * `close`: after `after_bytes` bytes have passed in the direction, the relay closes both sides
 * of the connection (FIN): the receiver reads exactly `after_bytes` bytes, then EOF. A peer that
 * keeps sending after that gets a reset from its kernel, as from any closed socket.
 *
 * ```yaml
 * - close: { after_bytes: 1KiB }
 *   direction: to_client
 * ```
 *
 * @module
 */
import { z } from "../../_deps/zod.ts";
import { sizeSchema } from "../_common.ts";
import { afterBytesStage } from "./_after_bytes.ts";
import { defineStreamFault, type StreamFaultKind } from "./_types.ts";

/** Parameters of the `close` fault, as validated. */
export interface CloseParams {
  /** Bytes forwarded in the direction before the close (0: at once). @default {0} */
  after_bytes: number;
}

/** The `close` fault. */
export const closeFault: StreamFaultKind<
  z.ZodObject<{ after_bytes: z.ZodDefault<z.ZodType<number, number | string>> }, z.core.$strict>
> = defineStreamFault({
  summary: "Close the connection (FIN both ways) after after_bytes bytes",
  params: z.strictObject({
    after_bytes: sizeSchema.default(0).meta({
      description: "Bytes forwarded in the direction before the close (default 0: at once)",
    }),
  }),
  create(params, ctx, next) {
    return afterBytesStage(
      params.after_bytes,
      next,
      (why, fields) => ctx.close(`closed the connection ${why}`, fields),
    );
  },
});
