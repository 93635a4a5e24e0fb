/**
 * The scenario model: a validated scenario file, normalised so that the runner needs no defaults
 * or shorthands.
 *
 * @module
 */
import type { PeerDocument } from "./schema.ts";
import type { CheckDocument } from "../check/schema.ts";
import type { StepArgs, StepKind } from "./step_schema.ts";
import type { SourceLocation } from "../common/location.ts";
import type { Transport } from "../common/transport.ts";
import type { Faults } from "../fault/mod.ts";

/** One step of a scripted peer of kind `K`, with its modifiers resolved. */
export interface StepOf<K extends StepKind> {
  /** The action key. */
  kind: K;
  /** The action's arguments as its schema outputs them. */
  args: StepArgs<K>;
  /**
   * Label of the socket the step acts on: a connection, a listener or a datagram socket (the
   * YAML modifier `conn`). @default {"main"}
   */
  socket: string;
  /** Step timeout in ms; the scenario's `step_timeout` when not set. */
  timeoutMs: number;
  /** Errors the step must fail with; empty when it must succeed. */
  expectError: string[];
  /** Where the step is written. */
  location: SourceLocation;
  /** The step as one line of YAML-like text, for reports. */
  source: string;
  /** Steps of a `repeat`. */
  children: Step[];
  /** Step lists of a `parallel`, run at once. */
  branches: Step[][];
}

/** One step of a scripted peer: a {@linkcode StepOf} of any kind, told apart by `kind`. */
export type Step = { [K in StepKind]: StepOf<K> }[StepKind];

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
  location: SourceLocation;
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
  peers: Peer[];
  checks: CheckDocument[];
  faults?: Faults;
  /** Kernel faults of the network namespace the scenario runs in, if any. */
  network?: NetworkFaults;
  location: SourceLocation;
}

/** Kernel faults, percentages 0-100 and times in ms. */
export interface NetworkFaults {
  lossPercent?: number;
  duplicatePercent?: number;
  delayMs?: number;
  jitterMs?: number;
  reorderPercent?: number;
}
