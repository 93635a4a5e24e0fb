/**
 * The schema of scenario files. It is exported as JSON Schema (`deno task schema`) so that editors
 * complete and check scenario files.
 *
 * @module
 */
import { z } from "../_deps/zod.ts";
import { durationField, hostField } from "../common/fields.ts";
import { stepSchema } from "./step_schema.ts";
import { faultsSchema } from "../fault/mod.ts";
import { checkSchema } from "../check/schema.ts";
import { TRANSPORTS } from "../common/transport.ts";
import { type PeerDocument, peerSchemaWith } from "../model/peer.ts";
import type { Transport } from "../common/transport.ts";
import type { CheckDocument } from "../check/schema.ts";
import type { Faults } from "../fault/mod.ts";

export { BUILTINS } from "../model/peer.ts";
export type { PeerDocument } from "../model/peer.ts";

/** A peer: one of builtin, steps, command or address. */
export const peerSchema: z.ZodType<PeerDocument> = peerSchemaWith(stepSchema);

const percent = z.union([
  z.number().min(0).max(100),
  z.string().regex(/^\d+(\.\d+)?%$/, 'expected a percentage such as "10%"'),
]).transform((value) => typeof value === "number" ? value : parseFloat(value));

/** Kernel faults as validated: percentages 0-100, times in ms. */
export interface NetworkDocument {
  /** Packets dropped at random, percent. */
  loss?: number;
  /** Packets sent twice, percent. */
  duplicate?: number;
  /** Delay of every packet, in ms. */
  delay?: number;
  /** Jitter of the delay, in ms. */
  jitter?: number;
  /** Packets sent ahead of delayed ones, percent. */
  reorder?: number;
}

/** Kernel faults: the scenario runs in a network namespace of its own with these. */
export const networkSchema: z.ZodType<NetworkDocument> = z.strictObject({
  loss: percent.optional().meta({ description: "Packets dropped at random (nftables)" }),
  duplicate: percent.optional().meta({ description: "Packets sent twice (nftables dup)" }),
  delay: durationField.optional().meta({ description: "Delay of every packet (tc netem)" }),
  jitter: durationField.optional().meta({ description: "Jitter of the delay (tc netem)" }),
  reorder: percent.optional().meta({ description: "Packets sent ahead of delayed ones (netem)" }),
});

/** Names the runner sets itself, which a scenario's `vars` cannot declare. */
export const RESERVED_VARIABLES: readonly string[] = [
  "host",
  "port",
  "path",
  "tmp",
  "seed",
  "round",
  "instance",
];

/**
 * Variables of a scenario with their defaults, set from the command line with `--var NAME=VALUE`
 * or the environment as `SOCKSPEC_VAR_NAME`.
 */
export const varsSchema: z.ZodType<Record<string, string | number | boolean>> = z.record(
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "expected a variable name: letters, digits, _")
    .refine((name) => !RESERVED_VARIABLES.includes(name), {
      message: `expected a name other than ${RESERVED_VARIABLES.join(", ")} (sockspec sets those)`,
    }),
  z.union([z.string(), z.number(), z.boolean()]),
).meta({
  description:
    "Variables and their defaults, used as {NAME}; --var NAME=VALUE or SOCKSPEC_VAR_NAME overrides",
});

const scenarioObject = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  tags: z.array(z.string()).optional(),
  transport: z.union([z.enum(TRANSPORTS), z.array(z.enum(TRANSPORTS)).min(1)]),
  host: hostField.optional().meta({ description: '"127.0.0.1" (default) or "::1" for IPv6' }),
  timeout: durationField.optional().meta({ description: "Whole scenario (10s)" }),
  step_timeout: durationField.optional().meta({ description: "Each step (5s)" }),
  seed: z.int().min(0).optional(),
  vars: varsSchema.optional(),
  requires: z.array(z.string()).optional().meta({
    description: "Programs that must be on PATH; the scenario is skipped without them",
  }),
  skip: z.string().optional().meta({ description: "Skip this scenario, with this reason" }),
  server: peerSchema.optional(),
  client: peerSchema.optional(),
  peers: z.record(z.string().regex(/^[a-z][\w-]*$/i), peerSchema).optional(),
  check: z.array(checkSchema).optional(),
  faults: faultsSchema.optional(),
  network: networkSchema.optional().meta({
    description:
      "Run in a fresh network namespace where the kernel drops, duplicates or delays packets (needs root)",
  }),
});

/** A scenario as validated, before planning: sizes in bytes, durations in ms. */
export interface ScenarioDocument {
  /** Where editors find the JSON Schema. */
  $schema?: string;
  /** The scenario's name, unique in its file. */
  name: string;
  /** What the scenario shows. */
  description?: string;
  /** Words for selecting scenarios. */
  tags?: string[];
  /** One transport or several; the scenario runs once on each. */
  transport: Transport | Transport[];
  /** `127.0.0.1` or `::1`. */
  host?: string;
  /** Timeout of the whole scenario, in ms. */
  timeout?: number;
  /** Timeout of each step, in ms. */
  step_timeout?: number;
  /** Seed of every random decision. */
  seed?: number;
  /** Variables and their defaults (`{NAME}`), which `--var` and `SOCKSPEC_VAR_NAME` override. */
  vars?: Record<string, string | number | boolean>;
  /** Programs that must be on PATH. */
  requires?: string[];
  /** Why the scenario is skipped. */
  skip?: string;
  /** The server peer. */
  server?: PeerDocument;
  /** The client peer. */
  client?: PeerDocument;
  /** Peers by name. */
  peers?: Record<string, PeerDocument>;
  /** What must hold. */
  check?: CheckDocument[];
  /** Faults the relay injects. */
  faults?: Faults;
  /** Kernel faults of the scenario's network namespace. */
  network?: NetworkDocument;
}

/**
 * The schema of a whole scenario file: parse a YAML or JSON document with it to validate it.
 * Sizes come out in bytes and durations in ms.
 */
export const scenarioSchema: z.ZodType<ScenarioDocument> = scenarioObject;
