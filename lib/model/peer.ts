/**
 * The options of a peer as a scenario file writes them, apart from its steps: what the runner
 * reads of a built-in, command or address peer.
 *
 * @module
 */
import { z } from "../_deps/zod.ts";
import {
  durationField,
  hostField,
  pathField,
  portField,
  regexField,
  sizeField,
} from "../common/fields.ts";

/** A built-in server's name. */
export type BuiltinName = "echo" | "upper" | "discard" | "chargen" | "greeting" | "sink";

/** Built-in peers. */
export const BUILTINS = [
  "echo",
  "upper",
  "discard",
  "chargen",
  "greeting",
  "sink",
] as const satisfies readonly BuiltinName[];

const readySchema = z.union([
  z.strictObject({ port: z.literal(true) }).meta({ description: "The port accepts connections" }),
  z.strictObject({ stdout: regexField }).meta({
    description: "A stdout line matches this regex",
  }),
  z.strictObject({ delay: durationField }).meta({ description: "Wait this long" }),
]);

/** The fields of a peer other than `role` and `steps`, in the order the schema lists them. */
const peerOptionsShape = {
  builtin: z.enum(BUILTINS).optional(),
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
};

/** A peer's options as validated: sizes in bytes, durations in ms. */
export interface PeerOptions {
  /** The built-in server this peer is. */
  builtin?: BuiltinName;
  /** Program to start, as one shell-free word list or one string split on spaces. */
  command?: string | string[];
  /** Something already running: `host:port`, `[v6]:port` or a Unix path. */
  address?: string;
  /** Clients running at once. */
  count?: number;
  /** Start when this client peer has finished. */
  after?: string;
  /** Where a server listens; an ephemeral port or a fresh path by default. */
  listen?: { host?: string; port?: number | string; path?: string };
  /** When a command server is ready: its port accepts, a stdout line matches, or a delay (ms). */
  ready?: { port: true } | { stdout: string } | { delay: number };
  /** How long to wait for readiness, in ms. */
  ready_timeout?: number;
  /** Environment of a command peer. */
  env?: Record<string, string>;
  /** Working directory of a command peer, relative to the scenario file. */
  cwd?: string;
  /** Exit code a client command must end with. */
  expect_exit?: number;
  /** Regular expression a line of a client command's stdout must match. */
  expect_stdout?: string;
  /** Text the greeting built-in sends. */
  greeting?: string;
  /** Bytes chargen sends before closing. */
  size?: number;
  /** Pattern the sink verifies what it receives against. */
  verify?: "sequence" | "zero" | "ascii";
}

/**
 * The peer options alone, validated as the scenario schema validates them; its output type is
 * checked against {@linkcode PeerOptions} when this compiles, so the two cannot drift.
 */
export const peerOptionsSchema: z.ZodType<PeerOptions> = z.strictObject(peerOptionsShape);

/** A peer as validated: its options, its role if written, and its steps as written. */
export interface PeerDocument extends PeerOptions {
  /** `server` or `client`; by default from the peer's name or kind. */
  role?: "server" | "client";
  /** The steps of a scripted peer, as written (the loader makes them `Step`s). */
  steps?: unknown[];
}

const { builtin, ...otherOptions } = peerOptionsShape;

/**
 * The schema of a peer, given the schema of one step (the scenario layer owns the step
 * registry): one of builtin, steps, command or address.
 */
export function peerSchemaWith(step: z.ZodType): z.ZodType<PeerDocument> {
  return z.strictObject({
    role: z.enum(["server", "client"]).optional(),
    builtin,
    steps: z.array(step).optional(),
    ...otherOptions,
  }).refine(
    (peer) =>
      [peer.builtin, peer.steps, peer.command, peer.address].filter((x) => x !== undefined)
        .length === 1,
    { message: "expected exactly one of builtin, steps, command, address" },
  );
}
