/**
 * `slow_close`: the end of the stream (FIN) is forwarded `delay_ms` after it arrived; data is
 * not delayed.
 *
 * ```yaml
 * - slow_close: { delay_ms: 500 }
 * ```
 *
 * @module
 */
import { z } from "../../_deps/zod.ts";
import { msSchema } from "../_common.ts";
import { defineStreamFault, type StreamFaultKind } from "./_types.ts";

/** Parameters of the `slow_close` fault, as validated. */
export interface SlowCloseParams {
  /** Delay of the end of the stream (FIN), in ms. */
  delay_ms: number;
}

/** The `slow_close` fault. */
export const slowCloseFault: StreamFaultKind<
  z.ZodObject<{ delay_ms: z.ZodNumber }, z.core.$strict>
> = defineStreamFault({
  summary: "Delay the end of the stream (FIN) by delay_ms",
  params: z.strictObject({
    delay_ms: msSchema.meta({ description: "Delay of the FIN, in ms" }),
  }),
  create(params, ctx, next) {
    return {
      write(chunk) {
        return next.write(chunk);
      },
      async end() {
        ctx.emit(`delayed the end of the stream (FIN) by ${params.delay_ms} ms`);
        await ctx.sleep(params.delay_ms);
        await next.end();
      },
    };
  },
});
