/**
 * The options of a peer as a scenario file writes them, apart from its steps: what the runner
 * reads of a built-in, command or address peer.
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
} from "../common/fields.ts";

/** A TLS server's settings: which certificate the run makes for it, and ALPN. */
export const serverTlsSchema = z.union([
  z.literal(true),
  z.strictObject({
    cert: z.enum(["valid", "expired", "untrusted"]).optional().meta({
      description:
        "valid (the run's CA signs it), expired (an hour ago), untrusted (another CA signs it)",
    }),
    names: z.array(z.string().min(1)).min(1).optional().meta({
      description: 'Names in the certificate (default: "sockspec.test" and the host)',
    }),
    alpn: z.array(z.string().min(1)).min(1).optional().meta({
      description: "ALPN protocols accepted, in order of preference",
    }),
  }),
]).meta({ description: "TLS on this listener (tcp), with a certificate made for the run" });

/** Built-in peers. */
export const BUILTINS = ["echo", "upper", "discard", "chargen", "greeting", "sink"] as const;

const readySchema = z.union([
  z.strictObject({ port: z.literal(true) }).meta({ description: "The port accepts connections" }),
  z.strictObject({ stdout: regexField }).meta({
    description: "A stdout line matches this regex",
  }),
  z.strictObject({ delay: durationField }).meta({ description: "Wait this long" }),
]);

/** The fields of a peer other than `role` and `steps`, in the order the schema lists them. */
export const peerOptionsShape = {
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
    reuse_port: z.boolean().optional().meta({
      description: "SO_REUSEPORT (TCP): share the port with other listeners that set it",
    }),
    tls: serverTlsSchema.optional(),
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

const peerOptions = z.strictObject(peerOptionsShape);

/** A peer's options as validated: sizes in bytes, durations in ms. */
export type PeerOptions = z.output<typeof peerOptions>;
