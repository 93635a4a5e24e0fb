/**
 * Writes the JSON Schema of scenario files to `schema/scenario.schema.json`, for editors
 * (`deno task schema`). A test checks that the committed file is current, and another that it
 * accepts every scenario the loader accepts and rejects the invalid corpus where JSON Schema can
 * say why.
 *
 * The schema is made from the zod schema the loader validates with. zod cannot export what its
 * `refine` and `transform` callbacks check, so the rules that JSON Schema can express are added
 * here: the grammar of durations, sizes, hosts and Unix paths, "exactly one of" keys of peers and
 * steps, even hex digits, and which peer may be a server or a client.
 *
 * @module
 */
import { z } from "../_deps/zod.ts";
import { peerSchema, scenarioSchema } from "./schema.ts";
import { stepSchema } from "./step_schema.ts";
import {
  durationField,
  hostField,
  IPV4,
  MAX_UNIX_PATH_BYTES,
  pathField,
  sizeField,
} from "../common/fields.ts";
import { DURATION } from "../common/duration.ts";
import { UNITS } from "../common/size.ts";
import { STREAM_FAULTS } from "../fault/stream/mod.ts";
import { DATAGRAM_FAULTS } from "../fault/datagram/mod.ts";

/** Path of the schema file, relative to the project root. */
export const SCHEMA_PATH = "schema/scenario.schema.json";

type Json = Record<string, unknown>;

/** `{ oneOf: [{ required: [a] }, { required: [b] }, ...] }`: exactly one of the keys is set. */
function exactlyOneOf(keys: readonly string[]): Json {
  return { oneOf: keys.map((key) => ({ required: [key] })) };
}

/** An object with at least one of `keys` (an array or a scalar never is one). */
function objectWith(keys: readonly string[]): Json {
  return { type: "object", anyOf: keys.map((key) => ({ required: [key] })) };
}

/** The scenario runs on at least one of `transports` (`transport` is one of them or lists one). */
function runsOn(transports: readonly string[]): Json {
  const one = { enum: transports };
  return {
    required: ["transport"],
    properties: { transport: { anyOf: [one, { type: "array", contains: one }] } },
  };
}

/** No fault of the list has one of `kinds` as its key. */
function noFaultOf(kinds: readonly string[]): Json {
  return { properties: { faults: { type: "array", items: { not: objectWith(kinds) } } } };
}

/** Rules between transports and the checks and faults they allow. */
const TRANSPORT_RULES: Json[] = [
  {
    if: runsOn(["tcp", "unix"]),
    then: { properties: { check: { not: { type: "array", contains: { const: "boundaries" } } } } },
    description: "boundaries: stream sockets do not keep record boundaries",
  },
  {
    if: runsOn(["tcp", "unix"]),
    then: noFaultOf(Object.keys(DATAGRAM_FAULTS)),
    description: "datagram faults need a datagram transport",
  },
  {
    if: runsOn(["udp", "unixgram"]),
    then: noFaultOf(Object.keys(STREAM_FAULTS)),
    description: "stream faults need a stream transport",
  },
];

/**
 * A peer as files may write it: a map, or the bare list of its steps (the loader lifts
 * `client: [...]` into `client: { steps: [...] }` before validating against `peerSchema`).
 */
const peerAsWritten = z.union([peerSchema, z.array(stepSchema)]);

/**
 * The scenario schema as zod built it: an object, whose keys this module replaces. Its public
 * type is the narrower `z.ZodType<ScenarioDocument>` (an explicit type for the published API).
 */
function scenarioObject() {
  if (!(scenarioSchema instanceof z.ZodObject)) throw new Error("scenarioSchema is not an object");
  return scenarioSchema;
}

/** The scenario schema with every peer as files may write it, and the rules between peers. */
const fileSchema = scenarioObject().extend({
  server: peerAsWritten.optional().meta({
    description: "The server: a map, or the bare list of its steps",
    not: { ...objectWith(["count"]), description: "count applies to clients" },
  }),
  client: peerAsWritten.optional().meta({
    description: "The client: a map, or the bare list of its steps",
    not: { ...objectWith(["builtin"]), description: "built-in peers are servers" },
  }),
  peers: z.record(scenarioObject().shape.peers.unwrap().keyType, peerAsWritten).optional(),
}).meta({
  anyOf: ["server", "client", "peers"].map((key) => ({ required: [key] })),
  allOf: TRANSPORT_RULES,
});

/** Sizes: whole bytes, or a number and a unit; a fraction only with a unit larger than a byte. */
const SIZE_TEXT = `^\\s*(\\d+\\s*B?|\\d+(\\.\\d+)?\\s*(${
  Object.keys(UNITS).filter((unit) => unit !== "B").join("|")
}))\\s*$`;

/** JSON Schema of the shared fields, whose zod schemas check with callbacks. */
const FIELD_SCHEMAS = new Map<unknown, Json>([
  [durationField, {
    anyOf: [{ type: "number", minimum: 0 }, { type: "string", pattern: DURATION.source }],
  }],
  [sizeField, {
    anyOf: [{ type: "integer", minimum: 0 }, { type: "string", pattern: SIZE_TEXT }],
  }],
  [hostField, {
    type: "string",
    anyOf: [
      { pattern: IPV4.source },
      { pattern: "^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$", description: "IPv6" },
      { pattern: "^\\{[\\w.]+\\}$", description: "a variable such as {server.host}" },
    ],
  }],
  // maxLength counts characters, which are at most as many as UTF-8 bytes: a looser bound.
  [pathField, { type: "string", minLength: 1, maxLength: MAX_UNIX_PATH_BYTES }],
]);

/** "Exactly one of" (or "at least one of") rules of steps whose zod schemas check by refine. */
const STEP_RULES: Record<string, Json> = {
  send: exactlyOneOf(["text", "hex", "base64", "file", "generate"]),
  send_to: exactlyOneOf(["text", "hex", "base64", "file", "generate"]),
  receive: {
    anyOf: ["text", "hex", "base64", "file", "bytes", "until", "match", "verify", "once"]
      .map((key) => ({ required: [key] })),
  },
  assert: exactlyOneOf(["equal", "not_equal", "match", "between"]),
};

/** Two hex digits a byte, with spaces anywhere. */
const EVEN_HEX = "^\\s*([0-9a-fA-F]\\s*[0-9a-fA-F]\\s*)*$";

/** Adds the rules zod's export leaves out to one generated node. */
function addRules({ zodSchema, jsonSchema }: { zodSchema: unknown; jsonSchema: Json }): void {
  const field = FIELD_SCHEMAS.get(zodSchema);
  if (field) {
    const { description } = jsonSchema;
    for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
    Object.assign(jsonSchema, { description, ...field });
    return;
  }
  if (zodSchema === peerSchema) {
    Object.assign(jsonSchema, exactlyOneOf(["builtin", "steps", "command", "address"]));
  }
  const properties = jsonSchema.properties as Record<string, Json> | undefined;
  if (!properties) return;
  if (properties.hex?.type === "string") properties.hex.pattern = EVEN_HEX;
  const required = jsonSchema.required as string[] | undefined;
  const kind = required?.length === 1 ? required[0] : undefined;
  const rule = kind && STEP_RULES[kind];
  if (rule) {
    // The step's argument: a map (with the rule) or, for send and receive, a string.
    const argument = properties[kind!];
    const objects = (argument.anyOf as Json[] | undefined)?.filter((s) => s.type === "object");
    for (const target of objects ?? [argument]) Object.assign(target, rule);
  }
}

/** The JSON Schema of scenario files, as text. */
export function scenarioJsonSchema(): string {
  const schema = z.toJSONSchema(fileSchema, {
    io: "input",
    unrepresentable: "any",
    override: (ctx) => addRules({ zodSchema: ctx.zodSchema, jsonSchema: ctx.jsonSchema as Json }),
  });
  return `${JSON.stringify({ title: "sockspec scenario", ...schema }, null, 2)}\n`;
}

if (import.meta.main) {
  await Deno.mkdir("schema", { recursive: true });
  await Deno.writeTextFile(SCHEMA_PATH, scenarioJsonSchema());
  console.log(`wrote ${SCHEMA_PATH}`);
}
