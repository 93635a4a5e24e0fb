/**
 * `drop`: selected datagrams are discarded.
 *
 * ```yaml
 * - drop: { probability: 0.1 }
 * - drop: { every: 3, direction: to_server }   # the 3rd, 6th, 9th, ... datagram
 * ```
 *
 * @module
 */
import { z } from "../../_deps/zod.ts";
import { type DatagramFaultKind, defineDatagramFault } from "./_types.ts";

/**
 * Parameters of the `drop` fault, as validated: none (the common `probability` or `every` picks
 * the datagrams).
 */
export type DropParams = Record<string, never>;

/** The `drop` fault. */
export const dropFault: DatagramFaultKind<z.ZodObject<Record<string, never>, z.core.$strict>> =
  defineDatagramFault({
    summary: "Discard the selected datagrams",
    params: z.strictObject({}),
    create(_params, ctx, next) {
      return {
        receive(item, selected) {
          if (!selected) return next.send(item);
          ctx.emit(`dropped datagram #${item.index} (${item.data.length} bytes)`, item);
        },
      };
    },
  });
