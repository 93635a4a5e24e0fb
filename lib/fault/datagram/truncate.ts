/**
 * `truncate`: selected datagrams longer than `to_bytes` lose their tail; the rest is sent as one
 * shorter datagram.
 *
 * ```yaml
 * - truncate: { to_bytes: 16, every: 4 }
 * ```
 *
 * @module
 */
import { z } from "../../_deps/zod.ts";
import { sizeSchema } from "../_common.ts";
import { type DatagramFaultKind, defineDatagramFault } from "./_types.ts";

/** Parameters of the `truncate` fault, as validated. */
export interface TruncateParams {
  /** Length the datagram is cut to, in bytes (YAML also takes sizes such as `"1KiB"`). */
  to_bytes: number;
}

/** The `truncate` fault. */
export const truncateFault: DatagramFaultKind<
  z.ZodObject<{ to_bytes: z.ZodType<number, number | string> }, z.core.$strict>
> = defineDatagramFault({
  summary: "Cut the selected datagrams to to_bytes",
  params: z.strictObject({
    to_bytes: sizeSchema.meta({ description: "Length the datagram is cut to, in bytes" }),
  }),
  create(params, ctx, next) {
    return {
      receive(item, selected) {
        if (!selected || item.data.length <= params.to_bytes) return next.send(item);
        ctx.emit(
          `truncated datagram #${item.index} from ${item.data.length} to ${params.to_bytes} bytes`,
          item,
        );
        next.send({ ...item, data: item.data.subarray(0, params.to_bytes) });
      },
    };
  },
});
