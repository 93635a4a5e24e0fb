/**
 * `bandwidth`: data leaves at most at `bytes_per_second`, in slices of 20 ms worth of bytes.
 * Bursts are not saved up: a connection idle for a while does not get to send faster later.
 *
 * ```yaml
 * - bandwidth: { bytes_per_second: 1MiB }
 * ```
 *
 * @module
 */
import { z } from "../../_deps/zod.ts";
import { sizeSchema } from "../_common.ts";
import { defineStreamFault, type StreamFaultKind, type StreamStage } from "./_types.ts";

/** Slices are this many ms worth of bytes. */
const SLICE_MS = 20;

/** Parameters of the `bandwidth` fault, as validated. */
export interface BandwidthParams {
  /** Rate limit in bytes per second (> 0; YAML also takes sizes such as `"1MiB"`). */
  bytes_per_second: number;
}

/** The `bandwidth` fault. */
export const bandwidthFault: StreamFaultKind<
  z.ZodObject<{ bytes_per_second: z.ZodType<number, number | string> }, z.core.$strict>
> = defineStreamFault({
  summary: "Limit the rate to bytes_per_second (writes are paced in 20 ms slices)",
  params: z.strictObject({
    bytes_per_second: sizeSchema.refine((rate) => rate > 0, "expected a rate above 0").meta({
      description: 'Rate limit in bytes per second: 65536, "1MiB"',
    }),
  }),
  create(params, ctx, next): StreamStage {
    const rate = params.bytes_per_second;
    const sliceBytes = Math.max(1, Math.ceil(rate * SLICE_MS / 1000));
    let nextFreeMs = 0;
    return {
      async write(chunk, info) {
        const slices = Math.ceil(chunk.length / sliceBytes);
        ctx.emit(
          `paced write ${info.seq} (${chunk.length} bytes) in ${slices} slices at ${rate} B/s`,
          { ...info, bytes: chunk.length },
        );
        for (let at = 0; at < chunk.length; at += sliceBytes) {
          const slice = chunk.subarray(at, at + sliceBytes);
          const now = performance.now();
          if (nextFreeMs > now) await ctx.sleep(nextFreeMs - now);
          nextFreeMs = Math.max(nextFreeMs, now) + slice.length * 1000 / rate;
          await next.write(slice);
        }
      },
      end() {
        return next.end();
      },
    };
  },
});
