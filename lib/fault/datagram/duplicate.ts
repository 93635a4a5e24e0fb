/**
 * `duplicate`: selected datagrams are sent `1 + copies` times, the copies right after the
 * original.
 *
 * ```yaml
 * - duplicate: { every: 3 }
 * - duplicate: { probability: 0.05, copies: 2 }
 * ```
 *
 * @module
 */
import { z } from "../../_deps/zod.ts";
import { type DatagramFaultKind, defineDatagramFault } from "./_types.ts";

/** Parameters of the `duplicate` fault, as validated. */
export interface DuplicateParams {
  /** Extra copies of each selected datagram (integer >= 1). @default {1} */
  copies: number;
}

/** The `duplicate` fault. */
export const duplicateFault: DatagramFaultKind<
  z.ZodObject<{ copies: z.ZodDefault<z.ZodInt> }, z.core.$strict>
> = defineDatagramFault({
  summary: "Send the selected datagrams again, copies extra times (default 1)",
  params: z.strictObject({
    copies: z.int().min(1, "expected copies >= 1").default(1).meta({
      description: "Extra copies of each selected datagram (default 1)",
    }),
  }),
  create(params, ctx, next) {
    const copies = params.copies === 1 ? "1 extra copy" : `${params.copies} extra copies`;
    return {
      receive(item, selected) {
        next.send(item);
        if (!selected) return;
        ctx.emit(`duplicated datagram #${item.index} (${item.data.length} bytes): ${copies}`, item);
        for (let i = 0; i < params.copies; i++) next.send(item);
      },
    };
  },
});
