/**
 * `blackhole`: the relay accepts the connection and reads everything, but forwards nothing in
 * the direction, not even the end of the stream: the receiver waits forever (until its timeout).
 * With `from_bytes` or `from_ms`, a connection that worked goes silent.
 *
 * ```yaml
 * - blackhole: {}
 * ```
 *
 * @module
 */
import { z } from "../../_deps/zod.ts";
import { defineStreamFault, type StreamFaultKind } from "./_types.ts";

/** Parameters of the `blackhole` fault, as validated: none. */
export type BlackholeParams = Record<string, never>;

/** The `blackhole` fault. */
export const blackholeFault: StreamFaultKind<z.ZodObject<Record<string, never>, z.core.$strict>> =
  defineStreamFault({
    summary: "Swallow everything, the end of the stream included: never forward, never answer",
    params: z.strictObject({}),
    create(_params, ctx) {
      return {
        write(chunk, info) {
          ctx.emit(`swallowed write ${info.seq} (${chunk.length} bytes)`, {
            ...info,
            bytes: chunk.length,
          });
          return Promise.resolve();
        },
        end() {
          ctx.emit("swallowed the end of the stream (FIN)");
          return Promise.resolve();
        },
      };
    },
  });
