/**
 * `coalesce`: writes are held until `max_bytes` have gathered or `max_ms` have passed since the
 * first held byte, then forwarded as one write (never split: a large write passes whole). The
 * end of the stream flushes what is held first.
 *
 * ```yaml
 * - coalesce: { max_bytes: 4KiB, max_ms: 50 }
 * ```
 *
 * @module
 */
import { z } from "../../_deps/zod.ts";
import { ConnectionAbortedSignal } from "../_abort.ts";
import { msSchema, sizeSchema } from "../_common.ts";
import {
  defineStreamFault,
  type StreamFaultKind,
  type StreamStage,
  type WriteInfo,
} from "./_types.ts";

/** Parameters of the `coalesce` fault, as validated. */
export interface CoalesceParams {
  /** Forward once this many bytes are held (>= 1). */
  max_bytes: number;
  /** Forward at the latest this many ms after the first held byte. @default {10} */
  max_ms: number;
}

/** The `coalesce` fault. */
export const coalesceFault: StreamFaultKind<
  z.ZodObject<
    { max_bytes: z.ZodType<number, number | string>; max_ms: z.ZodDefault<z.ZodNumber> },
    z.core.$strict
  >
> = defineStreamFault({
  summary: "Hold writes until max_bytes gathered or max_ms passed, then forward them as one",
  params: z.strictObject({
    max_bytes: sizeSchema.refine((n) => n >= 1, "expected max_bytes >= 1").meta({
      description: "Forward once this many bytes are held",
    }),
    max_ms: msSchema.default(10).meta({
      description: "Forward at the latest this many ms after the first held byte (default 10)",
    }),
  }),
  create(params, ctx, next): StreamStage {
    let held: Uint8Array[] = [];
    let heldBytes = 0;
    let first: WriteInfo | undefined;
    let lastSeq = 0;
    let timer: AbortController | undefined;

    async function flush(why: string): Promise<void> {
      timer?.abort();
      timer = undefined;
      if (heldBytes === 0 || !first) return;
      const joined = new Uint8Array(heldBytes);
      let at = 0;
      for (const part of held) {
        joined.set(part, at);
        at += part.length;
      }
      const writes = lastSeq === first.seq
        ? `write ${first.seq}`
        : `writes ${first.seq}-${lastSeq}`;
      ctx.emit(`coalesced ${writes} (${heldBytes} bytes) into one write (${why})`, {
        ...first,
        bytes: heldBytes,
      });
      held = [];
      heldBytes = 0;
      first = undefined;
      await next.write(joined);
    }

    function armTimer(): void {
      const controller = new AbortController();
      timer = controller;
      const signal = AbortSignal.any([ctx.signal, controller.signal]);
      ctx.sleep(params.max_ms, signal).then(
        () =>
          ctx.schedule(() =>
            timer === controller ? flush(`${params.max_ms} ms`) : Promise.resolve()
          ),
        (error) => {
          if (!(error instanceof ConnectionAbortedSignal)) ctx.fail(error);
        },
      );
    }

    return {
      async write(chunk, info) {
        if (!first) {
          first = info;
          armTimer();
        }
        lastSeq = info.seq;
        held.push(chunk.slice());
        heldBytes += chunk.length;
        if (heldBytes >= params.max_bytes) await flush(`${heldBytes} >= ${params.max_bytes} bytes`);
      },
      async end() {
        await flush("end of stream");
        await next.end();
      },
    };
  },
});
