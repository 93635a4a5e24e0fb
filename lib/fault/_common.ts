/**
 * Field schemas shared by the fault kinds, and the options every fault of a family accepts.
 *
 * @internal
 * @module
 */
import { z } from "../_deps/zod.ts";

import { sizeSchema } from "../common/size_schema.ts";

/** A size in bytes: an integer or a string such as `"64KiB"`. */
export { sizeSchema };

/** A duration in ms. */
export const msSchema: z.ZodNumber = z.number().min(0, "expected a duration in ms >= 0")
  .max(2 ** 31 - 1, "expected a duration in ms of at most 2147483647 (the longest a timer waits)");

/** A probability from 0 to 1. */
export const probabilitySchema: z.ZodNumber = z
  .number()
  .min(0, "expected a probability from 0 to 1")
  .max(1, "expected a probability from 0 to 1");

/**
 * The direction a fault is configured for: `to_server` (client to server), `to_client` (server to
 * client) or `both`.
 */
export type Direction = "to_server" | "to_client" | "both";

/** Which way a fault acts. */
export const directionSchema: z.ZodEnum<{ [D in Direction]: D }> = z.enum([
  "to_server",
  "to_client",
  "both",
]).meta({
  description: "to_server (client to server), to_client (server to client) or both (default)",
});

/** Options every stream fault accepts. */
export const streamCommonShape = {
  direction: directionSchema.optional(),
  probability: probabilitySchema.optional().meta({
    description: "Chance (0..1) that the fault applies to a connection (default 1)",
  }),
  from_bytes: sizeSchema.optional().meta({
    description: "Act only after this many bytes have passed in the direction (default 0)",
  }),
  from_ms: msSchema.optional().meta({
    description: "Act only this many ms after the connection was accepted (default 0)",
  }),
};

/** Options every datagram fault accepts. */
export const datagramCommonShape = {
  direction: directionSchema.optional(),
  probability: probabilitySchema.optional().meta({
    description: "Chance (0..1) that the fault applies to each datagram (default 1)",
  }),
  every: z.int().min(1, "expected every: N with N >= 1").optional().meta({
    description: "Apply to the Nth, 2Nth, ... datagram instead of by chance",
  }),
};

/** Names of the options shared by all faults, in any family. */
export const COMMON_KEYS = ["direction", "probability", "from_bytes", "from_ms", "every"] as const;

/** Options in the order they are written in YAML. */
export type CommonKey = typeof COMMON_KEYS[number];
