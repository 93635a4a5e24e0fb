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

/** The server under test. */
export interface Target {
  /** Program to start, with `{host}`, `{port}`, `{path}` replaced. */
  command?: string;
  /** Address of a server already running: `host:port`, `[v6]:port` or a Unix path. */
  address?: string;
  /** The built-in server it stands in for. @default {"echo"} */
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
  const { builtin: _builtin, ...rest } = peer.doc;
  return target.command !== undefined
    ? {
      ...peer,
      kind: "command",
      // The command is written relative to where the user runs sockspec, not to the scenario.
      doc: { ...rest, command: target.command, ready: readyOf(target.ready), cwd: Deno.cwd() },
    }
    : { ...peer, kind: "address", doc: { ...rest, address: target.address } };
}

/** Transports an address can serve: a path serves Unix sockets, host:port serves IP. */
function transportsFor(scenario: Scenario, target: Target): Transport[] {
  if (target.address === undefined) return scenario.transports;
  const unix = isPathAddress(target.address);
  return scenario.transports.filter((t) => (t === "unix" || t === "unixgram") === unix);
}

/**
 * Replaces the built-in `target.builtin` server of every scenario that has one with the target,
 * and drops the scenarios (and transports) it cannot stand in for.
 *
 * @returns The scenarios to run, and how many were left out.
 */
export function applyTarget(
  scenarios: Scenario[],
  target: Target,
): { scenarios: Scenario[]; leftOut: number } {
  const kept: Scenario[] = [];
  for (const scenario of scenarios) {
    const serves = (p: Peer) =>
      p.role === "server" && p.kind === "builtin" && p.doc.builtin === target.builtin;
    const transports = transportsFor(scenario, target);
    if (!scenario.peers.some(serves) || transports.length === 0) continue;
    kept.push({
      ...scenario,
      transports,
      peers: scenario.peers.map((p) => (serves(p) ? replacePeer(p, target) : p)),
    });
  }
  return { scenarios: kept, leftOut: scenarios.length - kept.length };
}
