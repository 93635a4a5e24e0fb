/**
 * `delay`: selected datagrams are sent `ms` (± `jitter_ms`) late. Datagrams are not kept in
 * order: one delayed more than the next arrives after it, as on a real network.
 *
 * ```yaml
 * - delay: { ms: 20, jitter_ms: 10 }
 * ```
 *
 * @module
 */
import { z } from "../../_deps/zod.ts";
import { msSchema } from "../_common.ts";
import { type DatagramFaultKind, defineDatagramFault } from "./_types.ts";

/** Parameters of the `delay` fault, as validated. */
export interface DelayParams {
  /** Delay in ms (>= 0). */
  ms: number;
  /** Each delay is `ms` plus a uniform draw in [-jitter_ms, +jitter_ms], in ms. @default {0} */
  jitter_ms: number;
}

/** The `delay` fault. */
export const delayFault: DatagramFaultKind<
  z.ZodObject<{ ms: z.ZodNumber; jitter_ms: z.ZodDefault<z.ZodNumber> }, z.core.$strict>
> = defineDatagramFault({
  summary: "Send the selected datagrams ms (plus or minus jitter_ms) late",
  params: z.strictObject({
    ms: msSchema.meta({ description: "Delay in ms" }),
    jitter_ms: msSchema.default(0).meta({
      description: "Each delay is ms plus a uniform draw in [-jitter_ms, +jitter_ms] (default 0)",
    }),
  }),
  create(params, ctx, next) {
    return {
      receive(item, selected) {
        if (!selected) return next.send(item);
        const jitter = params.jitter_ms === 0 ? 0 : (ctx.random.next() * 2 - 1) * params.jitter_ms;
        const delayMs = Math.max(0, params.ms + jitter);
        ctx.emit(`delayed datagram #${item.index} by ${delayMs.toFixed(1)} ms`, item);
        ctx.setTimer(() => next.send(item), delayMs);
      },
    };
  },
});
