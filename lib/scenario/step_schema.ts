/**
 * The steps of scripted peers. Each step is a map with one action key (`send`, `receive`, ...)
 * and optional modifiers (`conn`, `timeout`, `expect_error`).
 *
 * A new step kind is one schema here, registered in {@linkcode STEP_SCHEMAS}, plus its runner
 * in `lib/runner/steps/`.
 *
 * @module
 */
import { z } from "zod";
import {
  durationField,
  errorField,
  hostField,
  pathField,
  patternField,
  portField,
  regexField,
  sizeField,
} from "./_fields.ts";
import { echoStep } from "./echo_step.ts";

const literalSources = {
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

function exactlyOne(keys: string[]) {
  return (value: Record<string, unknown>) =>
    keys.filter((key) => value[key] !== undefined).length === 1;
}

const sendSource = z.strictObject({
  ...literalSources,
  generate: sizeField.optional().meta({ description: "Bytes of generated pattern to send" }),
  pattern: patternField.default("sequence"),
  chunk: sizeField.optional().meta({ description: "Write in pieces of this many bytes" }),
  pause: durationField.optional().meta({ description: "Pause between pieces" }),
});
const SEND_KEYS = ["text", "hex", "base64", "file", "generate"];

/** `send`: write bytes on a stream connection, all of them (looping over partial writes). */
export const sendStep = z.union([z.string(), sendSource]).refine(
  (value) => typeof value === "string" || exactlyOne(SEND_KEYS)(value),
  { message: `expected exactly one of ${SEND_KEYS.join(", ")}` },
);

const receiveObject = z.strictObject({
  ...literalSources,
  bytes: sizeField.optional().meta({ description: "Read exactly this many bytes" }),
  until: z.string().min(1).optional().meta({
    description: 'Read until this delimiter, or "eof" to read until the peer closes',
  }),
  match: regexField.optional().meta({ description: "Read until this regular expression matches" }),
  verify: patternField.optional().meta({
    description:
      "Check every received byte against the generated pattern (with until: eof or size)",
  }),
  size: sizeField.optional().meta({ description: "Bytes expected with verify" }),
  once: z.boolean().optional().meta({ description: "One read call: returns up to buffer bytes" }),
  buffer: sizeField.optional().meta({ description: "Bytes asked of each read call (64 KiB)" }),
  max: sizeField.optional().meta({ description: "Most bytes to hold while searching (1 MiB)" }),
  capture: z.union([z.string(), z.array(z.string())]).optional().meta({
    description: "Variable(s) to store what was received (regex groups for match)",
  }),
});
const RECEIVE_KEYS = ["text", "hex", "base64", "file", "bytes", "until", "match", "verify", "once"];

/** `receive`: read from a stream connection and compare or capture what arrives. */
export const receiveStep = z.union([z.string(), receiveObject]).refine(
  (value) =>
    typeof value === "string" ||
    RECEIVE_KEYS.some((key) => value[key as keyof typeof value] !== undefined),
  { message: `expected one of ${RECEIVE_KEYS.join(", ")}` },
);

const endpoint = {
  to: z.string().optional().meta({ description: "Peer name, host:port, [v6]:port or a path" }),
  host: hostField.optional(),
  port: portField.optional(),
  path: pathField.optional(),
};

/** `connect`: open a stream connection (tcp, unix). */
export const connectStep = z.strictObject({
  ...endpoint,
  no_delay: z.boolean().optional().meta({ description: "TCP_NODELAY: disable Nagle (RFC 896)" }),
  keep_alive: z.boolean().optional().meta({ description: "SO_KEEPALIVE (RFC 1122 4.2.3.6)" }),
}).nullable();

/** `listen`: open another listener (stream) or bind a datagram socket. */
export const listenStep = z.strictObject({
  host: hostField.optional(),
  port: portField.optional(),
  path: pathField.optional(),
}).nullable();

/** `accept`: take the next connection from a listener. */
export const acceptStep = z.strictObject({
  from: z.string().optional().meta({ description: "Listener label (the peer's own by default)" }),
}).nullable();

const datagramSource = z.strictObject({
  ...endpoint,
  ...literalSources,
  generate: sizeField.optional().meta({ description: "Size of each generated datagram" }),
  count: z.int().min(1).optional().meta({ description: "How many generated datagrams (1)" }),
  pause: durationField.optional(),
});

/** `send_to`: send datagrams (udp, unixgram). */
export const sendToStep = datagramSource.refine(
  exactlyOne(["text", "hex", "base64", "file", "generate"]),
  { message: "expected exactly one of text, hex, base64, file, generate" },
);

/** `receive_from`: receive datagrams and compare, verify or capture them. */
export const receiveFromStep = z.strictObject({
  ...literalSources,
  from: z.string().optional().meta({ description: "Peer the datagram must come from" }),
  verify: z.boolean().optional().meta({ description: "Check generated datagrams" }),
  count: z.int().min(1).optional().meta({ description: "Datagrams to receive (1)" }),
  idle: durationField.optional().meta({
    description: "With count: stop after this long without a datagram and count the rest lost",
  }),
  buffer: sizeField.optional().meta({ description: "Receive buffer in bytes (65536)" }),
  bytes: sizeField.optional().meta({ description: "Expected datagram length" }),
  match: regexField.optional().meta({
    description: "Regular expression each datagram must match",
  }),
  capture: z.union([z.string(), z.array(z.string())]).optional().meta({
    description: "Variable(s) for the last datagram's text, or the groups of match",
  }),
}).nullable();

/** `repeat`: run steps several times; with `measure`, time each round. */
export const repeatStep: z.ZodType = z.lazy(() =>
  z.strictObject({
    times: z.int().min(1),
    steps: z.array(stepSchema).min(1),
    measure: z.boolean().optional().meta({ description: "Record each round's duration" }),
  })
);

/** `parallel`: run lists of steps at once on the same peer (send while receiving). */
export const parallelStep: z.ZodType = z.lazy(() => z.array(z.array(stepSchema).min(1)).min(2));

/** `assert`: compare values, such as captured addresses. */
export const assertStep = z.strictObject({
  equal: z.tuple([z.string(), z.string()]).optional(),
  not_equal: z.tuple([z.string(), z.string()]).optional(),
  match: z.tuple([z.string(), z.string()]).optional(),
  between: z.tuple([z.union([z.string(), z.number()]), z.number(), z.number()]).optional(),
}).refine(exactlyOne(["equal", "not_equal", "match", "between"]), {
  message: "expected exactly one of equal, not_equal, match, between",
});

const nothing = z.union([z.null(), z.strictObject({})]);

/** Step schemas by action key. */
export const STEP_SCHEMAS = {
  listen: listenStep,
  accept: acceptStep,
  connect: connectStep,
  send: sendStep,
  receive: receiveStep,
  expect_eof: nothing,
  close_write: nothing,
  close: nothing,
  sleep: durationField,
  mark: z.string().min(1),
  wait: z.string().min(1),
  send_to: sendToStep,
  receive_from: receiveFromStep,
  repeat: repeatStep,
  parallel: parallelStep,
  assert: assertStep,
  echo: echoStep,
} as const;

/** Action keys of steps. */
export type StepKind = keyof typeof STEP_SCHEMAS;

/** Keys any step may carry beside its action. */
export const stepModifiers = {
  conn: z.string().optional().meta({ description: 'Connection label ("main")' }),
  timeout: durationField.optional().meta({ description: "This step's timeout" }),
  expect_error: errorField.optional().meta({ description: "The step must fail with this error" }),
};

/** One step: one action key plus modifiers. */
export const stepSchema: z.ZodType = z.union(
  Object.entries(STEP_SCHEMAS).map(([key, schema]) =>
    z.strictObject({ [key]: schema, ...stepModifiers })
  ) as unknown as [z.ZodType, z.ZodType],
);
