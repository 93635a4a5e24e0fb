/** The schema of a scenario's `check:` entries. @module */
import { z } from "zod";
import { durationField } from "../common/fields.ts";

const limit = z.union([
  z.int().min(0),
  z.string().regex(/^\d+(\.\d+)?%$/, 'expected a count or a percentage such as "1%"'),
]);

const latencyBound = z.strictObject({
  p50: durationField.optional(),
  p90: durationField.optional(),
  p99: durationField.optional(),
  max: durationField.optional(),
});

/**
 * One entry of a scenario's `check:` list: a check name, a limit (`max_loss: 3` or `"1%"`), or
 * latency bounds in ms.
 */
export const checkSchema: z.ZodUnion<
  readonly [
    z.ZodEnum<{
      ordered: "ordered";
      lossless: "lossless";
      no_duplicates: "no_duplicates";
      intact: "intact";
      boundaries: "boundaries";
    }>,
    z.ZodObject<{ max_loss: typeof limit }, z.core.$strict>,
    z.ZodObject<{ max_duplicates: typeof limit }, z.core.$strict>,
    z.ZodObject<{ max_reordered: typeof limit }, z.core.$strict>,
    z.ZodObject<{ latency: typeof latencyBound }, z.core.$strict>,
  ]
> = z.union([
  z.enum(["ordered", "lossless", "no_duplicates", "intact", "boundaries"]),
  z.strictObject({ max_loss: limit }),
  z.strictObject({ max_duplicates: limit }),
  z.strictObject({ max_reordered: limit }),
  z.strictObject({ latency: latencyBound }),
]);

/** A check as validated. */
export type CheckDocument = z.output<typeof checkSchema>;
