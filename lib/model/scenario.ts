/**
 * The scenario model: a validated scenario file, normalised so that the runner needs no defaults
 * or shorthands.
 *
 * @module
 */
import type { PeerOptions } from "./peer.ts";
import type { CheckDocument } from "../check/schema.ts";
import type { SourceLocation } from "../common/location.ts";
import type { Transport } from "../common/transport.ts";
import type { Faults } from "../fault/mod.ts";

/**
 * One step of a scripted peer, with its modifiers resolved. The runner of `kind` reads `args`
 * through that kind's schema (`lib/runner/steps/`), so its arguments are typed there.
 */
export interface Step {
  /** The action key: `send`, `receive`, ... (a key of the step registry). */
  kind: string;
  /** The action's arguments as written (validated by the scenario schema). */
  args: unknown;
  /**
   * Label of the socket the step acts on: a connection, a listener or a datagram socket (the
   * YAML modifier `conn`). @default {"main"}
   */
  socket: string;
  /** Step timeout in ms; the scenario's `step_timeout` when not set. */
  timeoutMs: number;
  /** Errors the step must fail with; empty when it must succeed. */
  expectError: string[];
  /** With `expectError`: a regular expression the error's message must match. */
  expectMessage?: string;
  /** Where the step is written. */
  location: SourceLocation;
  /** The step as one line of YAML-like text, for reports. */
  source: string;
  /** Steps of a `repeat` or a `request`. */
  children: Step[];
  /** Step lists of a `parallel`, run at once. */
  branches: Step[][];
}

/** How a peer is provided. */
export type PeerKind = "builtin" | "script" | "command" | "address";

/** A peer of a scenario. */
export interface Peer {
  /** Peer name as written: `server`, `client`, or a key of `peers:`. */
  name: string;
  /** Servers start first and listen; clients run their steps. */
  role: "server" | "client";
  /** How the peer is provided. */
  kind: PeerKind;
  /** The peer as written (builtin options, command, ready, ...). */
  doc: PeerOptions;
  /** The steps of a scripted peer; empty for other kinds. */
  steps: Step[];
  /** Instances that run at once (clients). */
  count: number;
  /** Client peer that must finish before this one starts. */
  after?: string;
  /** Where the peer is written. */
  location: SourceLocation;
  /**
   * The built-in server this peer stands in for, when `--target` replaced a built-in with the
   * server under test: an echo's replies are still what was sent to it.
   */
  standsFor?: string;
}

/** A validated scenario. */
export interface Scenario {
  /** Path of the scenario file as given. */
  file: string;
  /** The scenario's `name`, unique in its file. */
  name: string;
  /** The scenario's `description`, or empty. */
  description: string;
  /** The scenario's `tags`, for selecting runs. */
  tags: string[];
  /** The transports it runs on, once each. */
  transports: Transport[];
  /** Host for listeners and connections: `127.0.0.1` or `::1`. */
  host: string;
  /** Timeout of the whole scenario, in ms. */
  timeoutMs: number;
  /** Timeout of each step that sets none, in ms. */
  stepTimeoutMs: number;
  /** Seed of every random decision, when the file fixes one. */
  seed?: number;
  /**
   * Variables (`vars:`) by name: the file's defaults, or the values given with `--var` or
   * `SOCKSPEC_VAR_NAME`. Visible to steps and commands as `{NAME}`.
   */
  vars?: Record<string, string>;
  /** Programs that must be on PATH; without them the scenario is skipped. */
  requires: string[];
  /** Why the scenario is skipped, when the file says so. */
  skip?: string;
  /** Runs alone, after the other runs of a suite (a load test). */
  exclusive: boolean;
  /** Servers and clients. */
  peers: Peer[];
  /** Fixture steps run before any server starts (`setup:`); empty when there are none. */
  setup: Step[];
  /** The `check:` list; empty means every check with no anomaly allowed. */
  checks: CheckDocument[];
  /** Faults the relay injects between client and server, if any. */
  faults?: Faults;
  /** Kernel faults of the network namespace the scenario runs in, if any. */
  network?: NetworkFaults;
  /** Where the scenario's `name` is written. */
  location: SourceLocation;
}

/** Kernel faults, percentages 0-100 and times in ms. */
export interface NetworkFaults {
  /** Packets dropped at random, percent. */
  lossPercent?: number;
  /** Packets sent twice, percent. */
  duplicatePercent?: number;
  /** Delay of every packet, in ms. */
  delayMs?: number;
  /** Jitter of the delay, in ms. */
  jitterMs?: number;
  /** Packets sent ahead of delayed ones, percent. */
  reorderPercent?: number;
}
