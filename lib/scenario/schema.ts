/**
 * The schema of scenario files. It is exported as JSON Schema (`deno task schema`) so that editors
 * complete and check scenario files.
 *
 * @module
 */
import { z } from "zod";
import { durationField, hostField } from "../common/fields.ts";
import { stepSchema } from "./step_schema.ts";
import { faultsSchema } from "../fault/mod.ts";
import { checkSchema } from "../check/schema.ts";
import { TRANSPORTS } from "../common/transport.ts";
import { peerOptionsShape } from "../model/peer.ts";

export { BUILTINS } from "../model/peer.ts";

const { builtin: _builtin, ...peerOptionsRest } = peerOptionsShape;

/** A peer: one of builtin, steps, command or address. */
export const peerSchema = z.strictObject({
  role: z.enum(["server", "client"]).optional(),
  builtin: peerOptionsShape.builtin,
  steps: z.array(stepSchema).optional(),
  ...peerOptionsRest,
}).refine(
  (peer) =>
    [peer.builtin, peer.steps, peer.command, peer.address].filter((x) => x !== undefined)
      .length === 1,
  { message: "expected exactly one of builtin, steps, command, address" },
);

const percent = z.union([
  z.number().min(0).max(100),
  z.string().regex(/^\d+(\.\d+)?%$/, 'expected a percentage such as "10%"'),
]).transform((value) => typeof value === "number" ? value : parseFloat(value));

/** Kernel faults: the scenario runs in a network namespace of its own with these. */
export const networkSchema = z.strictObject({
  loss: percent.optional().meta({ description: "Packets dropped at random (nftables)" }),
  duplicate: percent.optional().meta({ description: "Packets sent twice (nftables dup)" }),
  delay: durationField.optional().meta({ description: "Delay of every packet (tc netem)" }),
  jitter: durationField.optional().meta({ description: "Jitter of the delay (tc netem)" }),
  reorder: percent.optional().meta({ description: "Packets sent ahead of delayed ones (netem)" }),
});

const scenarioObject = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  tags: z.array(z.string()).optional(),
  transport: z.union([z.enum(TRANSPORTS), z.array(z.enum(TRANSPORTS)).min(1)]),
  host: z.union([hostField, z.array(hostField).min(1)]).optional().meta({
    description: '"127.0.0.1" (default) or "::1" for IPv6, or a list: one run each',
  }),
  timeout: durationField.optional().meta({ description: "Whole scenario (10s)" }),
  step_timeout: durationField.optional().meta({ description: "Each step (5s)" }),
  seed: z.int().min(0).optional(),
  requires: z.array(z.string()).optional().meta({
    description: "Programs that must be on PATH; the scenario is skipped without them",
  }),
  skip: z.string().optional().meta({ description: "Skip this scenario, with this reason" }),
  server: peerSchema.optional(),
  client: peerSchema.optional(),
  peers: z.record(z.string().regex(/^[a-z][\w-]*$/i), peerSchema).optional(),
  check: z.array(checkSchema).optional(),
  setup: z.array(stepSchema).optional().meta({
    description: "Fixture steps (write_file, chmod) run before any server starts",
  }),
  faults: faultsSchema.optional(),
  network: networkSchema.optional().meta({
    description:
      "Run in a fresh network namespace where the kernel drops, duplicates or delays packets (needs root)",
  }),
});

/** A scenario as validated, before planning. */
export type ScenarioDocument = z.output<typeof scenarioObject>;

/** A scenario file as written (YAML or JSON parsed), before validation. */
export type ScenarioInput = z.input<typeof scenarioObject>;

/**
 * The schema of a whole scenario file: parse a YAML or JSON document with it to validate it.
 * Sizes come out in bytes and durations in ms.
 */
export const scenarioSchema: z.ZodType<ScenarioDocument, ScenarioInput> = scenarioObject;
/** A peer as validated. */
export type PeerDocument = z.output<typeof peerSchema>;
