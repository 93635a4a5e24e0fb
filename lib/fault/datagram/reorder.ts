/**
 * `reorder`: a selected datagram is held back and released right after the next
 * `after_datagrams` datagrams have been forwarded, so it arrives after them. If they do not come
 * within `max_hold_ms`, it is released then.
 *
 * ```yaml
 * - reorder: { every: 5, after_datagrams: 2 }   # ... 3, 5, 6, 4, 7 ...
 * ```
 *
 * @module
 */
import { z } from "../../_deps/zod.ts";
import { msSchema } from "../_common.ts";
import { type DatagramFaultKind, type DatagramItem, defineDatagramFault } from "./_types.ts";

interface Held {
  item: DatagramItem;
  left: number;
  cancel: () => void;
}

/** Parameters of the `reorder` fault, as validated. */
export interface ReorderParams {
  /** Datagrams that overtake a held one (integer >= 1). @default {1} */
  after_datagrams: number;
  /** Release a held datagram after this many ms at most. @default {100} */
  max_hold_ms: number;
}

/** The `reorder` fault. */
export const reorderFault: DatagramFaultKind<
  z.ZodObject<
    { after_datagrams: z.ZodDefault<z.ZodInt>; max_hold_ms: z.ZodDefault<z.ZodNumber> },
    z.core.$strict
  >
> = defineDatagramFault({
  summary: "Hold the selected datagrams and release each after the next after_datagrams",
  params: z.strictObject({
    after_datagrams: z.int().min(1, "expected after_datagrams >= 1").default(1).meta({
      description: "Datagrams that overtake a held one (default 1)",
    }),
    max_hold_ms: msSchema.default(100).meta({
      description: "Release a held datagram after this many ms at most (default 100)",
    }),
  }),
  create(params, ctx, next) {
    let held: Held[] = [];

    function release(entry: Held, why: string): void {
      entry.cancel();
      held = held.filter((other) => other !== entry);
      ctx.emit(`released datagram #${entry.item.index} ${why}`, entry.item);
      next.send(entry.item);
    }

    return {
      receive(item, selected) {
        if (selected) {
          ctx.emit(
            `held datagram #${item.index} back until ${params.after_datagrams} more have passed`,
            item,
          );
          const entry: Held = { item, left: params.after_datagrams, cancel: () => {} };
          entry.cancel = ctx.setTimer(
            () => release(entry, `after ${params.max_hold_ms} ms (too few followed)`),
            params.max_hold_ms,
          );
          held.push(entry);
          return;
        }
        next.send(item);
        for (const entry of [...held]) {
          entry.left--;
          if (entry.left === 0) release(entry, `after datagram #${item.index}`);
        }
      },
    };
  },
});
