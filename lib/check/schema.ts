/**
 * The schema of a scenario's `check:` entries, derived from the check registry: the name of a
 * counted check, its limit (`max_loss: 3` or `"1%"`), or `latency:` bounds.
 *
 * @module
 */
import { z } from "../_deps/zod.ts";
import { CHECK_OF_LIMIT, CHECKS } from "./registry.ts";
import { type LatencyBound, latencyBoundSchema } from "./latency.ts";

const limit = z.union([
  z.int().min(0),
  z.string().regex(/^\d+(\.\d+)?%$/, 'expected a count or a percentage such as "1%"'),
]);

const names = Object.keys(CHECKS);

/**
 * A check as validated: the name of a counted check (`"lossless"`), a limit keyed by the check's
 * limit key (`{ max_loss: 3 }` or `{ max_loss: "1%" }`), or latency bounds in ms
 * (`{ latency: { p99: 5 } }`).
 */
export type CheckDocument = string | { latency: LatencyBound } | {
  [limitKey: string]: number | string;
};

/** One entry of a scenario's `check:` list. */
export const checkSchema: z.ZodType<CheckDocument> = z.union([
  z.enum(names as [string, ...string[]]),
  ...[...CHECK_OF_LIMIT.keys()].map((key) => z.strictObject({ [key]: limit })),
  z.strictObject({ latency: latencyBoundSchema }),
]);
