/**
 * The `faults:` section of a scenario: a list of faults, each a map with one fault kind as key
 * and its parameters as value. The options every fault has (`direction`, `probability`, ...) may
 * be written inside the kind's map or beside the kind key, not both:
 *
 * ```yaml
 * faults:
 *   - latency: { ms: 20, jitter_ms: 5 }
 *     direction: to_client
 *   - drop: { probability: 0.1, direction: to_server }
 * ```
 *
 * Parsing yields {@linkcode Fault} objects: `{ family, kind, params, direction, ... }` with every
 * default applied and sizes turned into byte counts.
 *
 * @module
 */
import { z } from "../_deps/zod.ts";
import {
  COMMON_KEYS,
  type CommonKey,
  datagramCommonShape,
  type Direction,
  streamCommonShape,
} from "./_common.ts";
import { DATAGRAM_FAULTS, type DatagramFaultParams } from "./datagram/mod.ts";
import { STREAM_FAULTS, type StreamFaultParams } from "./stream/mod.ts";

export type { Direction } from "./_common.ts";
export type {
  BandwidthParams,
  BlackholeParams,
  CloseParams,
  CoalesceParams,
  LatencyParams,
  ResetParams,
  SlicerParams,
  SlowCloseParams,
  StreamFaultParams,
} from "./stream/mod.ts";
export type {
  DatagramFaultParams,
  DelayParams,
  DropParams,
  DuplicateParams,
  ReorderParams,
  TruncateParams,
} from "./datagram/mod.ts";

type StreamKinds = typeof STREAM_FAULTS;
type DatagramKinds = typeof DATAGRAM_FAULTS;

/** Names of the stream fault kinds: `latency`, `bandwidth`, ... */
export type StreamFaultKindName = keyof StreamFaultParams;
/** Names of the datagram fault kinds: `drop`, `duplicate`, ... */
export type DatagramFaultKindName = keyof DatagramFaultParams;
/** Names of all fault kinds. */
export type FaultKindName = StreamFaultKindName | DatagramFaultKindName;

/** A parsed stream fault (tcp, unix), defaults applied. Field names are the YAML ones. */
export type StreamFault = {
  [K in StreamFaultKindName]: {
    family: "stream";
    kind: K;
    /** The kind's own parameters, sizes in bytes, times in ms. */
    params: StreamFaultParams[K];
    /** @default {"both"} */
    direction: Direction;
    /** Chance that the fault applies to a connection (decided once per connection). @default {1} */
    probability: number;
    /** Bytes that pass untouched in the direction before the fault acts. @default {0} */
    from_bytes: number;
    /** Time after the accept before the fault acts, in ms. @default {0} */
    from_ms: number;
  };
}[StreamFaultKindName];

/** A parsed datagram fault (udp, unixgram), defaults applied. Field names are the YAML ones. */
export type DatagramFault = {
  [K in DatagramFaultKindName]: {
    family: "datagram";
    kind: K;
    /** The kind's own parameters, sizes in bytes, times in ms. */
    params: DatagramFaultParams[K];
    /** @default {"both"} */
    direction: Direction;
    /** Chance that the fault applies to each datagram, when `every` is not set. @default {1} */
    probability: number;
    /** Apply to the Nth, 2Nth, ... datagram instead of by chance. */
    every?: number;
  };
}[DatagramFaultKindName];

/** A parsed fault. */
export type Fault = StreamFault | DatagramFault;

/** A parsed `faults:` section. */
export type Faults = Fault[];

// The public types above are plain TypeScript (deno doc cannot document zod's types); these checks
// make a registry whose schema output and declared parameter interface differ a type error.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type ParamsMatch<Kinds, Params> = {
  [K in keyof Kinds | keyof Params]: K extends keyof Params
    ? K extends keyof Kinds
      ? Kinds[K] extends { params: z.ZodType } ? Same<z.output<Kinds[K]["params"]>, Params[K]>
      : false
    : false
    : false;
};
type AllTrue<T extends Record<PropertyKey, true>> = T;
type _StreamParamsMatch = AllTrue<ParamsMatch<StreamKinds, StreamFaultParams>>;
type _DatagramParamsMatch = AllTrue<ParamsMatch<DatagramKinds, DatagramFaultParams>>;

type StreamCommonInput = z.input<z.ZodObject<typeof streamCommonShape>>;
type DatagramCommonInput = z.input<z.ZodObject<typeof datagramCommonShape>>;

/** One entry of the `faults:` section as written in YAML. */
export type FaultInput =
  | {
    [K in StreamFaultKindName]:
      & { [P in K]: z.input<StreamKinds[K]["params"]> & StreamCommonInput }
      & StreamCommonInput;
  }[StreamFaultKindName]
  | {
    [K in DatagramFaultKindName]:
      & { [P in K]: z.input<DatagramKinds[K]["params"]> & DatagramCommonInput }
      & DatagramCommonInput;
  }[DatagramFaultKindName];
/** The `faults:` section as written in YAML. */
export type FaultsInput = FaultInput[];

const STREAM_NAMES = Object.keys(STREAM_FAULTS) as StreamFaultKindName[];
const DATAGRAM_NAMES = Object.keys(DATAGRAM_FAULTS) as DatagramFaultKindName[];
const ALL_NAMES: string[] = [...STREAM_NAMES, ...DATAGRAM_NAMES];
const STREAM_ONLY_KEYS: CommonKey[] = ["from_bytes", "from_ms"];
const DATAGRAM_ONLY_KEYS: CommonKey[] = ["every"];

/** Is `name` a stream fault kind? */
export function isStreamFaultKind(name: string): name is StreamFaultKindName {
  return Object.hasOwn(STREAM_FAULTS, name);
}

function kindShape(): Record<string, z.ZodOptional<z.ZodObject>> {
  const shape: Record<string, z.ZodOptional<z.ZodObject>> = {};
  for (const [name, kind] of Object.entries(STREAM_FAULTS)) {
    const params = (kind.params as z.ZodObject).safeExtend(streamCommonShape);
    shape[name] = params.optional().meta({ description: `stream: ${kind.summary}` });
  }
  for (const [name, kind] of Object.entries(DATAGRAM_FAULTS)) {
    const params = (kind.params as z.ZodObject).safeExtend(datagramCommonShape);
    shape[name] = params.optional().meta({ description: `datagram: ${kind.summary}` });
  }
  return shape;
}

const entryCommonShape = {
  direction: streamCommonShape.direction,
  probability: streamCommonShape.probability.meta({
    description:
      "Chance (0..1): per connection for stream faults, per datagram for datagram faults",
  }),
  from_bytes: streamCommonShape.from_bytes,
  from_ms: streamCommonShape.from_ms,
  every: datagramCommonShape.every,
};

type Entry = Record<string, unknown>;

function kindsIn(entry: Entry): string[] {
  return ALL_NAMES.filter((name) => entry[name] !== undefined);
}

function checkEntry(entry: Entry, ctx: z.RefinementCtx): void {
  const kinds = kindsIn(entry);
  if (kinds.length !== 1) {
    const found = kinds.length === 0 ? "none" : kinds.join(" and ");
    ctx.addIssue({
      code: "custom",
      message: `expected exactly one fault kind (${ALL_NAMES.join(", ")}), found ${found}`,
    });
    return;
  }
  const name = kinds[0];
  const inner = entry[name] as Entry;
  const stream = isStreamFaultKind(name);
  for (const key of COMMON_KEYS) {
    if (entry[key] !== undefined && inner[key] !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `${key} is given both beside ${name} and inside it: keep one`,
      });
    }
  }
  const foreign = stream ? DATAGRAM_ONLY_KEYS : STREAM_ONLY_KEYS;
  for (const key of foreign) {
    if (entry[key] !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `${key} applies to ${stream ? "datagram" : "stream"} faults only; ${name} is a ${
          stream ? "stream" : "datagram"
        } fault`,
      });
    }
  }
  const every = entry.every ?? inner.every;
  const probability = entry.probability ?? inner.probability;
  if (every !== undefined && probability !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: [entry.every !== undefined ? "every" : name],
      message: `${name} takes either probability or every, not both`,
    });
  }
}

function normalize(entry: Entry): Fault {
  const name = kindsIn(entry)[0];
  const inner = { ...(entry[name] as Entry) };
  const common: Partial<Record<CommonKey, unknown>> = {};
  for (const key of COMMON_KEYS) {
    common[key] = entry[key] ?? inner[key];
    delete inner[key];
  }
  const direction = (common.direction ?? "both") as Direction;
  const probability = (common.probability ?? 1) as number;
  if (isStreamFaultKind(name)) {
    return {
      family: "stream",
      kind: name,
      params: inner,
      direction,
      probability,
      from_bytes: (common.from_bytes ?? 0) as number,
      from_ms: (common.from_ms ?? 0) as number,
    } as StreamFault;
  }
  const fault = { family: "datagram", kind: name, params: inner, direction, probability };
  return (common.every === undefined ? fault : { ...fault, every: common.every }) as DatagramFault;
}

/** One fault: a map with one fault kind key. */
export const faultSchema: z.ZodType<Fault> = z
  .strictObject({ ...kindShape(), ...entryCommonShape })
  .superRefine(checkEntry)
  .transform(normalize)
  .meta({
    description: "One fault: one kind key (latency, drop, ...) with its parameters",
    // JSON Schema for editors: exactly one kind key.
    oneOf: ALL_NAMES.map((name) => ({ required: [name] })),
  } as Record<string, unknown>);

/**
 * The `faults:` section: faults applied in the order listed, each in its direction(s).
 *
 * Stream faults (tcp, unix): latency, bandwidth, slicer, coalesce, reset, blackhole, close,
 * slow_close. Datagram faults (udp, unixgram): drop, duplicate, reorder, delay, truncate.
 *
 * Export to JSON Schema with `z.toJSONSchema(schema, { io: "input" })`: the parsed form is
 * produced by transforms, which JSON Schema cannot describe.
 *
 * @example Parse a section
 * ```ts
 * import { faultsSchema } from "./mod.ts";
 * const faults = faultsSchema.parse([{ drop: { every: 3 } }]);
 * console.assert(faults[0].kind === "drop" && faults[0].direction === "both");
 * ```
 */
export const faultsSchema: z.ZodType<Faults> = z.array(faultSchema).meta({
  description: "Faults the relay between client and server injects, in order",
});
