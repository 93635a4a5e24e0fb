/**
 * `latency`: every write reaches the other side `ms` (± `jitter_ms`) after the relay read it.
 * Writes stay in order, so a write never overtakes the one before it (a shorter draw waits for
 * the previous write). Delays overlap: a bulk transfer is shifted by the latency, not slowed by
 * it, up to 1 MiB held in flight per direction.
 *
 * ```yaml
 * - latency: { ms: 20, jitter_ms: 5 }
 * ```
 *
 * @module
 */
import { z } from "../../_deps/zod.ts";
import { ConnectionAbortedSignal } from "../_abort.ts";
import { msSchema } from "../_common.ts";
import { defineStreamFault, type StreamFaultKind, type StreamStage } from "./_types.ts";

/** Bytes held in flight per direction before the relay stops reading. */
const MAX_HELD_BYTES = 1 << 20;

interface Held {
  chunk: Uint8Array | null;
  releaseAtMs: number;
  done: PromiseWithResolvers<void>;
}

/** Parameters of the `latency` fault, as validated. */
export interface LatencyParams {
  /** Delay added to every write, in ms (>= 0). */
  ms: number;
  /** Each delay is `ms` plus a uniform draw in [-jitter_ms, +jitter_ms], in ms. @default {0} */
  jitter_ms: number;
}

/** The `latency` fault. */
export const latencyFault: StreamFaultKind<
  z.ZodObject<{ ms: z.ZodNumber; jitter_ms: z.ZodDefault<z.ZodNumber> }, z.core.$strict>
> = defineStreamFault({
  summary: "Delay every write by ms (plus or minus jitter_ms), keeping the byte order",
  params: z.strictObject({
    ms: msSchema.meta({ description: "Delay added to every write, in ms" }),
    jitter_ms: msSchema.default(0).meta({
      description: "Each delay is ms plus a uniform draw in [-jitter_ms, +jitter_ms] (default 0)",
    }),
  }),
  create(params, ctx, next): StreamStage {
    const queue: Held[] = [];
    let heldBytes = 0;
    let lastReleaseMs = 0;
    let pumping = false;
    let failure: unknown;

    async function pump(): Promise<void> {
      pumping = true;
      try {
        while (queue.length > 0) {
          const item = queue[0];
          const waitMs = item.releaseAtMs - performance.now();
          if (waitMs > 0) await ctx.sleep(waitMs);
          if (item.chunk) await next.write(item.chunk);
          else await next.end();
          queue.shift();
          heldBytes -= item.chunk?.length ?? 0;
          item.done.resolve();
        }
      } catch (error) {
        failure = error;
        for (const item of queue.splice(0)) item.done.reject(error);
        if (!(error instanceof ConnectionAbortedSignal)) ctx.fail(error);
      } finally {
        pumping = false;
      }
    }

    function hold(chunk: Uint8Array | null, delayMs: number): Promise<void> {
      if (failure !== undefined) return Promise.reject(failure);
      const releaseAtMs = Math.max(performance.now() + delayMs, lastReleaseMs);
      lastReleaseMs = releaseAtMs;
      const item: Held = { chunk, releaseAtMs, done: Promise.withResolvers() };
      item.done.promise.catch(() => {});
      queue.push(item);
      heldBytes += chunk?.length ?? 0;
      if (!pumping) pump();
      return item.done.promise;
    }

    function drawDelayMs(): number {
      if (params.jitter_ms === 0) return params.ms;
      return Math.max(0, params.ms + (ctx.random.next() * 2 - 1) * params.jitter_ms);
    }

    return {
      async write(chunk, info) {
        const delayMs = drawDelayMs();
        ctx.emit(
          `delayed write ${info.seq} (${chunk.length} bytes) by ${delayMs.toFixed(1)} ms`,
          { ...info, bytes: chunk.length },
        );
        const done = hold(chunk, delayMs);
        // Hold up to MAX_HELD_BYTES in flight; beyond that, wait for this write to leave.
        if (heldBytes > MAX_HELD_BYTES) await done;
      },
      end() {
        return hold(null, params.ms);
      },
    };
  },
});
