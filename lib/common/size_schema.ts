/** The zod schema of a size written in scenario files. @module */
import { z } from "../_deps/zod.ts";
import { parseSize } from "./size.ts";

/**
 * A size in bytes: an integer, or a string such as `"64KiB"`, `"1 MiB"`, `"1MB"` (1000-based),
 * parsed by {@linkcode parseSize}; what it cannot parse becomes a schema issue with its message.
 */
export const sizeSchema: z.ZodType<number, number | string> = z
  .union([z.number(), z.string()])
  .transform((value, ctx) => {
    try {
      return parseSize(value);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  })
  .meta({ description: 'Bytes: 1024, "1KiB", "64 KiB", "1MB" (1000-based), "1GiB"' });
