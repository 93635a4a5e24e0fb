/**
 * Normalises a validated scenario document: shorthands expanded, defaults applied, every step
 * located in its file.
 *
 * @internal
 * @module
 */
import type { PeerDocument, ScenarioDocument } from "./schema.ts";
import type { StepKind } from "./step_schema.ts";
import { STEP_SCHEMAS } from "./step_schema.ts";
import type { SourceLocation } from "../common/location.ts";
import type { Peer, PeerKind, Scenario, Step } from "../model/scenario.ts";
import type { Transport } from "../common/transport.ts";

/** Scenario timeout when the file sets none, in ms. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Step timeout when the file sets none, in ms. */
export const DEFAULT_STEP_TIMEOUT_MS = 5_000;

interface Context {
  file: string;
  at(path: PropertyKey[]): SourceLocation;
  source(path: PropertyKey[]): string;
}

type RawStep = Record<string, unknown> & {
  conn?: string;
  timeout?: number;
  expect_error?: string | string[];
};

function toStep(raw: RawStep, path: PropertyKey[], stepTimeoutMs: number, ctx: Context): Step {
  const kind = Object.keys(raw).find((key) => key in STEP_SCHEMAS) as StepKind;
  const args = raw[kind];
  const children = kind === "repeat"
    ? (args as { steps: RawStep[] }).steps.map((child, i) =>
      toStep(child, [...path, kind, "steps", i], stepTimeoutMs, ctx)
    )
    : kind === "request"
    ? (args as RawStep[]).map((child, i) => toStep(child, [...path, kind, i], stepTimeoutMs, ctx))
    : [];
  const branches = kind === "parallel"
    ? (args as RawStep[][]).map((branch, i) =>
      branch.map((child, j) => toStep(child, [...path, kind, i, j], stepTimeoutMs, ctx))
    )
    : [];
  const expected = raw.expect_error;
  return {
    kind,
    args,
    socket: raw.conn ?? "main",
    timeoutMs: raw.timeout ?? stepTimeoutMs,
    expectError: expected === undefined ? [] : Array.isArray(expected) ? expected : [expected],
    location: ctx.at(path),
    source: ctx.source(path) || kind,
    children,
    branches,
  };
}

function peerKind(doc: PeerDocument): PeerKind {
  if (doc.builtin) return "builtin";
  if (doc.steps) return "script";
  if (doc.command) return "command";
  return "address";
}

function roleOf(name: string, doc: PeerDocument): "server" | "client" | undefined {
  if (doc.role) return doc.role;
  if (name.startsWith("server")) return "server";
  if (name.startsWith("client")) return "client";
  if (doc.builtin) return "server";
  return undefined;
}

/** Expands shorthands and applies defaults. */
export function normalize(doc: ScenarioDocument, ctx: Context): Scenario {
  const stepTimeoutMs = doc.step_timeout ?? DEFAULT_STEP_TIMEOUT_MS;
  const entries: [string, PeerDocument, PropertyKey[]][] = [];
  if (doc.server) entries.push(["server", { role: "server", ...doc.server }, ["server"]]);
  if (doc.client) entries.push(["client", { role: "client", ...doc.client }, ["client"]]);
  for (const [name, peer] of Object.entries(doc.peers ?? {})) {
    entries.push([name, peer, ["peers", name]]);
  }
  const peers: Peer[] = entries.map(([name, peerDoc, path]) => ({
    name,
    role: roleOf(name, peerDoc) ?? "client",
    kind: peerKind(peerDoc),
    doc: peerDoc,
    steps: (peerDoc.steps ?? []).map((step, i) =>
      toStep(step as RawStep, [...path, "steps", i], stepTimeoutMs, ctx)
    ),
    count: peerDoc.count ?? 1,
    after: peerDoc.after,
    location: ctx.at(path),
  }));
  const transports = Array.isArray(doc.transport) ? doc.transport : [doc.transport];
  return {
    file: ctx.file,
    name: doc.name,
    description: doc.description ?? "",
    tags: doc.tags ?? [],
    transports: [...new Set(transports)] as Transport[],
    host: doc.host ?? "127.0.0.1",
    timeoutMs: doc.timeout ?? DEFAULT_TIMEOUT_MS,
    stepTimeoutMs,
    seed: doc.seed,
    vars: Object.fromEntries(Object.entries(doc.vars ?? {}).map(([k, v]) => [k, String(v)])),
    requires: doc.requires ?? [],
    skip: doc.skip,
    peers,
    checks: doc.check ?? [],
    faults: doc.faults,
    network: doc.network && {
      lossPercent: doc.network.loss,
      duplicatePercent: doc.network.duplicate,
      delayMs: doc.network.delay,
      jitterMs: doc.network.jitter,
      reorderPercent: doc.network.reorder,
    },
    location: ctx.at(["name"]),
  };
}
