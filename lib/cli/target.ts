/**
 * `--target` and `--target-address`: point the suite at a server under test, in place of the
 * built-in server that the scenarios use as the reference.
 *
 * @module
 */
import type { Peer, Scenario } from "../model/scenario.ts";
import type { Transport } from "../common/transport.ts";
import type { PeerDocument } from "../scenario/schema.ts";
import { parseDurationMs } from "../common/duration.ts";
import { UsageError } from "./usage_error.ts";
import { listScenarios } from "./vars.ts";

/** The server under test. */
export interface Target {
  /**
   * The server peer it replaces, by name (`--target PEER=COMMAND`), whatever that peer is; when
   * unset, it replaces every built-in `builtin` server.
   */
  peer?: string;
  /** Program to start, with `{host}`, `{port}`, `{path}` replaced. */
  command?: string;
  /** Address of a server already running: `host:port`, `[v6]:port` or a Unix path. */
  address?: string;
  /** The built-in server it stands in for, when `peer` is unset. @default {"echo"} */
  builtin: string;
  /** Readiness: `port`, `stdout:REGEX` or `delay:DURATION`. */
  ready?: string;
}

function readyOf(text: string | undefined): PeerDocument["ready"] {
  if (text === undefined) return undefined;
  if (text === "port") return { port: true };
  if (text.startsWith("stdout:")) return { stdout: text.slice(7) };
  if (text.startsWith("delay:")) {
    try {
      return { delay: parseDurationMs(text.slice(6)) };
    } catch (error) {
      throw new UsageError(`--target-ready: ${(error as Error).message}`);
    }
  }
  throw new UsageError(
    `--target-ready: expected port, stdout:REGEX or delay:DURATION, found "${text}"`,
  );
}

function isPathAddress(address: string): boolean {
  return address.startsWith("/") || address.startsWith("./") || address.startsWith("unix:");
}

function replacePeer(peer: Peer, target: Target): Peer {
  // What the replaced peer was (builtin, steps, command, address) and its options go; where it
  // listens and how long it may take to be ready stay.
  const { listen, ready_timeout } = peer.doc;
  const doc = { listen, ready_timeout };
  const standsFor = peer.kind === "builtin" ? peer.doc.builtin : peer.standsFor;
  return target.command !== undefined
    ? {
      ...peer,
      standsFor,
      kind: "command",
      steps: [],
      // The command is written relative to where the user runs sockspec, not to the scenario.
      doc: { ...doc, command: target.command, ready: readyOf(target.ready), cwd: Deno.cwd() },
    }
    : {
      ...peer,
      standsFor,
      kind: "address",
      steps: [],
      doc: { ...doc, address: target.address },
    };
}

/** Whether `target` replaces `peer`. */
function replaces(target: Target, peer: Peer): boolean {
  if (peer.role !== "server") return false;
  if (target.peer !== undefined) return peer.name === target.peer;
  // A built-in that speaks TLS is not the plain server the target stands in for: replaced, its
  // clients would fail the handshake against a correct plain echo. Name it with PEER= instead.
  return peer.kind === "builtin" && peer.doc.builtin === target.builtin &&
    peer.doc.listen?.tls === undefined;
}

/** Transports an address can serve: a path serves Unix sockets, host:port serves IP. */
function transportsFor(transports: Transport[], target: Target): Transport[] {
  if (target.address === undefined) return transports;
  const unix = isPathAddress(target.address);
  return transports.filter((t) => (t === "unix" || t === "unixgram") === unix);
}

function serverNames(scenario: Scenario): string[] {
  return scenario.peers.filter((p) => p.role === "server").map((p) => p.name);
}

/** Every `PEER=` target must name a server peer of at least one selected scenario. */
function checkPeersExist(scenarios: Scenario[], targets: Target[]): void {
  for (const target of targets) {
    if (target.peer === undefined) continue;
    if (scenarios.some((s) => s.peers.some((p) => replaces(target, p)))) continue;
    const flag = target.command !== undefined ? "--target" : "--target-address";
    throw new UsageError(
      `${flag} ${target.peer}=...: no selected scenario has a server peer named ${
        JSON.stringify(target.peer)
      }; the scenarios and their server peers are\n${listScenarios(scenarios, serverNames)}`,
    );
  }
}

/**
 * Replaces servers with the targets: a `PEER=` target replaces the server peer of that name,
 * whatever its kind (builtin, script, command, address); a target without `PEER=` replaces every
 * built-in `target.builtin` server. Scenarios (and transports) that some target cannot stand in
 * for are left out.
 *
 * @returns The scenarios to run, and how many were left out.
 * @throws {UsageError} When a `PEER=` target names no server peer of any scenario; the message
 *   lists the scenarios and their server peers.
 */
export function applyTargets(
  scenarios: Scenario[],
  targets: Target[],
): { scenarios: Scenario[]; leftOut: number } {
  checkPeersExist(scenarios, targets);
  const kept: Scenario[] = [];
  for (const scenario of scenarios) {
    let transports = scenario.transports;
    let peers = scenario.peers;
    for (const target of targets) {
      if (!peers.some((p) => replaces(target, p))) {
        transports = [];
        break;
      }
      transports = transportsFor(transports, target);
      peers = peers.map((p) => (replaces(target, p) ? replacePeer(p, target) : p));
    }
    if (transports.length > 0) kept.push({ ...scenario, transports, peers });
  }
  return { scenarios: kept, leftOut: scenarios.length - kept.length };
}
