/** Schema pieces that several step kinds share. @internal @module */
import { z } from "../../_deps/zod.ts";
import { hostField, pathField, portField } from "../../common/fields.ts";

/** Literal payload fields: bytes given as text, hex, base64 or a file. */
export const literalSources = {
  text: z.string().optional().meta({ description: "UTF-8 text" }),
  hex: z.string()
    .regex(/^[\s0-9a-fA-F]*$/, "expected hex digits, spaces allowed")
    .refine((hex) => hex.replace(/\s+/g, "").length % 2 === 0, {
      message: "expected an even number of hex digits: two a byte",
    })
    .optional(),
  base64: z.string().optional(),
  file: z.string().optional().meta({ description: "Path, relative to the scenario file" }),
};

/** A refinement that holds when exactly one of `keys` is set. */
export function exactlyOne(keys: string[]): (value: Record<string, unknown>) => boolean {
  return (value) => keys.filter((key) => value[key] !== undefined).length === 1;
}

/** Target fields of `connect` and `send_to`. */
export const endpoint = {
  to: z.string().optional().meta({ description: "Peer name, host:port, [v6]:port or a path" }),
  host: hostField.optional(),
  port: portField.optional(),
  path: pathField.optional(),
};
