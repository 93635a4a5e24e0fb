/**
 * The schema of scenario files. It is exported as JSON Schema (`deno task schema`) so that editors
 * complete and check scenario files.
 *
 * @module
 */
import { z } from "zod";
import {
  durationField,
  hostField,
  pathField,
  portField,
  regexField,
  sizeField,
} from "./_fields.ts";
import { stepSchema } from "./step_schema.ts";
import { faultsSchema } from "../fault/mod.ts";

/** Transports: stream (`tcp`, `unix`) and datagram (`udp`, `unixgram`). */
export const TRANSPORTS = ["tcp", "udp", "unix", "unixgram"] as const;

/** Built-in peers. */
export const BUILTINS = ["echo", "upper", "discard", "chargen", "greeting", "sink"] as const;

const readySchema = z.union([
  z.strictObject({ port: z.literal(true) }).meta({ description: "The port accepts connections" }),
  z.strictObject({ stdout: regexField }).meta({
    description: "A stdout line matches this regex",
  }),
  z.strictObject({ delay: durationField }).meta({ description: "Wait this long" }),
]);

/** A peer: one of builtin, steps, command or address. */
export const peerSchema = z.strictObject({
  role: z.enum(["server", "client"]).optional(),
  builtin: z.enum(BUILTINS).optional(),
  steps: z.array(stepSchema).optional(),
  command: z.union([z.string().min(1), z.array(z.string()).min(1)]).optional().meta({
    description: "Program to start; {port}, {host}, {path} and {tmp} are replaced",
  }),
  address: z.string().optional().meta({ description: "host:port, [v6]:port or a Unix path" }),
  count: z.int().min(1).max(10_000).optional().meta({ description: "Clients running at once" }),
  after: z.string().optional().meta({ description: "Start when this client peer has finished" }),
  listen: z.strictObject({
    host: hostField.optional(),
    port: portField.optional(),
    path: pathField.optional(),
  }).optional(),
  ready: readySchema.optional(),
  ready_timeout: durationField.optional(),
  env: z.record(z.string(), z.string()).optional(),
  cwd: z.string().optional(),
  expect_exit: z.int().optional().meta({
    description: "Exit code a client command must end with (0)",
  }),
  expect_stdout: regexField.optional().meta({
    description: "Regular expression a line of a client command's stdout must match",
  }),
  greeting: z.string().optional().meta({ description: "Text the greeting builtin sends" }),
  size: sizeField.optional().meta({ description: "Bytes chargen sends before closing" }),
  verify: z.enum(["sequence", "zero", "ascii"]).optional().meta({
    description: "The sink verifies what it receives against this pattern",
  }),
}).refine(
  (peer) =>
    [peer.builtin, peer.steps, peer.command, peer.address].filter((x) => x !== undefined)
      .length === 1,
  { message: "expected exactly one of builtin, steps, command, address" },
);

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

/** Properties a scenario checks. */
export const checkSchema = z.union([
  z.enum(["ordered", "lossless", "no_duplicates", "intact", "boundaries"]),
  z.strictObject({ max_loss: limit }),
  z.strictObject({ max_duplicates: limit }),
  z.strictObject({ max_reordered: limit }),
  z.strictObject({ min_loss: limit }),
  z.strictObject({ min_duplicates: limit }),
  z.strictObject({ min_reordered: limit }),
  z.strictObject({ latency: latencyBound }),
]);

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

/** A whole scenario file. */
export const scenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  tags: z.array(z.string()).optional(),
  transport: z.union([z.enum(TRANSPORTS), z.array(z.enum(TRANSPORTS)).min(1)]),
  host: hostField.optional().meta({ description: '"127.0.0.1" (default) or "::1" for IPv6' }),
  timeout: durationField.optional().meta({ description: "Whole scenario (10s)" }),
  step_timeout: durationField.optional().meta({ description: "Each step (5s)" }),
  seed: z.int().min(0).optional(),
  requires: z.array(z.string()).optional().meta({
    description: "Programs that must be on PATH; the scenario is skipped without them",
  }),
  skip: z.string().optional().meta({ description: "Skip this scenario, with this reason" }),
  exclusive: z.boolean().optional().meta({
    description: "Run alone, after the other runs: a load test that fills the event loop",
  }),
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

/** A scenario as validated, before planning. */
export type ScenarioDocument = z.output<typeof scenarioSchema>;
/** A peer as validated. */
export type PeerDocument = z.output<typeof peerSchema>;
/** A check as validated. */
export type CheckDocument = z.output<typeof checkSchema>;
