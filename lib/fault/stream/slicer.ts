/**
 * `slicer`: every write is split into pieces of `min_bytes` to `max_bytes` (sizes drawn from the
 * seeded generator), with at least `delay_ms` between consecutive pieces. With `delay_ms` above 0
 * and TCP_NODELAY (which the relay sets), each piece reaches the receiver as its own segment, so
 * the receiver's reads show the pieces: the way to test code that assumes one write = one read.
 *
 * ```yaml
 * - slicer: { min_bytes: 1, max_bytes: 16, delay_ms: 1 }
 * ```
 *
 * @module
 */
import { z } from "../../_deps/zod.ts";
import { msSchema, sizeSchema } from "../_common.ts";
import { defineStreamFault, type StreamFaultKind, type StreamStage } from "./_types.ts";

/** Piece sizes listed in an event, at most. */
const LISTED_PIECES = 64;

/** Parameters of the `slicer` fault, as validated. */
export interface SlicerParams {
  /** Smallest piece in bytes (>= 1, <= `max_bytes`). @default {1} */
  min_bytes: number;
  /** Largest piece in bytes (>= 1). */
  max_bytes: number;
  /** Least time between two pieces, in ms. @default {0} */
  delay_ms: number;
}

/** The `slicer` fault. */
export const slicerFault: StreamFaultKind<
  z.ZodObject<{
    min_bytes: z.ZodDefault<z.ZodType<number, number | string>>;
    max_bytes: z.ZodType<number, number | string>;
    delay_ms: z.ZodDefault<z.ZodNumber>;
  }, z.core.$strict>
> = defineStreamFault({
  summary: "Split every write into pieces of min_bytes..max_bytes, delay_ms apart",
  params: z.strictObject({
    min_bytes: sizeSchema.refine((n) => n >= 1, "expected min_bytes >= 1").default(1).meta({
      description: "Smallest piece in bytes (default 1)",
    }),
    max_bytes: sizeSchema.refine((n) => n >= 1, "expected max_bytes >= 1").meta({
      description: "Largest piece in bytes",
    }),
    delay_ms: msSchema.default(0).meta({
      description: "Least time between two pieces, in ms (default 0)",
    }),
  }).refine((p) => p.min_bytes <= p.max_bytes, {
    message: "expected min_bytes <= max_bytes",
    path: ["min_bytes"],
  }),
  create(params, ctx, next): StreamStage {
    let lastPieceMs: number | undefined;

    function cut(length: number): number[] {
      const sizes: number[] = [];
      for (let left = length; left > 0;) {
        const size = Math.min(left, ctx.random.int(params.min_bytes, params.max_bytes));
        sizes.push(size);
        left -= size;
      }
      return sizes;
    }

    return {
      async write(chunk, info) {
        const sizes = cut(chunk.length);
        const listed = sizes.length <= LISTED_PIECES ? `: ${sizes.join(", ")}` : "";
        ctx.emit(
          `split write ${info.seq} (${chunk.length} bytes) into ${sizes.length} pieces${listed}`,
          { ...info, bytes: chunk.length },
        );
        let at = 0;
        for (const size of sizes) {
          if (lastPieceMs !== undefined && params.delay_ms > 0) {
            const waitMs = lastPieceMs + params.delay_ms - performance.now();
            if (waitMs > 0) await ctx.sleep(waitMs);
          }
          await next.write(chunk.subarray(at, at + size));
          lastPieceMs = performance.now();
          at += size;
        }
      },
      end() {
        return next.end();
      },
    };
  },
});
