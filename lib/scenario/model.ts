/**
 * The scenario model: a validated scenario file, normalised so that the runner needs no defaults
 * or shorthands.
 *
 * @module
 */
import type { CheckDocument, PeerDocument } from "./schema.ts";
import type { StepKind } from "./step_schema.ts";
import type { FileLocation } from "./errors.ts";
import type { Faults } from "../fault/mod.ts";

/** A transport: stream (`tcp`, `unix`) or datagram (`udp`, `unixgram`). */
export type Transport = "tcp" | "udp" | "unix" | "unixgram";

/** Whether a transport is a stream (tcp, unix) rather than datagrams (udp, unixgram). */
export function isStream(transport: Transport): boolean {
  return transport === "tcp" || transport === "unix";
}

/** One step of a scripted peer, with its modifiers resolved. */
export interface Step {
  kind: StepKind;
  /** The action's arguments as validated (shape depends on `kind`). */
  args: unknown;
  /** Connection label the step acts on. @default {"main"} */
  conn: string;
  /** Step timeout in ms; the scenario's `step_timeout` when not set. */
  timeoutMs: number;
  /** Errors the step must fail with; empty when it must succeed. */
  expectError: string[];
  /** Where the step is written. */
  location: FileLocation;
  /** The step as one line of YAML-like text, for reports. */
  source: string;
  /** Steps of a `repeat`. */
  children: Step[];
  /** Step lists of a `parallel`, run at once. */
  branches: Step[][];
}

/** How a peer is provided. */
export type PeerKind = "builtin" | "script" | "command" | "address";

/** A peer of a scenario. */
export interface Peer {
  name: string;
  role: "server" | "client";
  kind: PeerKind;
  /** The peer as written (builtin options, command, ready, ...). */
  doc: PeerDocument;
  steps: Step[];
  /** Instances that run at once (clients). */
  count: number;
  /** Client peer that must finish before this one starts. */
  after?: string;
  location: FileLocation;
}

/** A validated scenario. */
export interface Scenario {
  file: string;
  name: string;
  description: string;
  tags: string[];
  transports: Transport[];
  /** Host for listeners and connections: `127.0.0.1` or `::1`. */
  host: string;
  timeoutMs: number;
  stepTimeoutMs: number;
  seed?: number;
  requires: string[];
  skip?: string;
  /** Runs alone, after the other runs of a suite (a load test). */
  exclusive: boolean;
  peers: Peer[];
  checks: CheckDocument[];
  faults?: Faults;
  /** Kernel faults of the network namespace the scenario runs in, if any. */
  network?: NetworkFaults;
  location: FileLocation;
}

/** Kernel faults, percentages 0-100 and times in ms. */
export interface NetworkFaults {
  lossPercent?: number;
  duplicatePercent?: number;
  delayMs?: number;
  jitterMs?: number;
  reorderPercent?: number;
}
