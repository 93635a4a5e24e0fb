/** Where a step connects or sends to. @module */
import { type Endpoint, parseEndpoint } from "../transport/address.ts";
import type { PeerState } from "./peer_state.ts";
import { StepFailure } from "./errors.ts";

/** A target as written in connect and send_to. */
export interface TargetArgs {
  to?: string;
  host?: string;
  port?: number | string;
  path?: string;
}

/**
 * Resolves a step's target: a peer name, an address, explicit host/port or path, or by default
 * the scenario's only server.
 *
 * @throws {StepFailure} When the target is ambiguous or unknown.
 */
export function resolveTarget(args: TargetArgs | null, peer: PeerState): Endpoint {
  const { ctx } = peer;
  if (args?.path !== undefined) return { path: peer.expand(args.path) };
  if (args?.port !== undefined) {
    const port = Number(peer.expand(String(args.port)));
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new StepFailure(`expected a port from 0 to 65535, found ${JSON.stringify(args.port)}`);
    }
    return { host: peer.expand(args.host ?? ctx.scenario.host), port };
  }
  if (args?.to !== undefined) {
    const named = ctx.endpoints.get(args.to);
    if (named) return named;
    if (ctx.scenario.peers.some((p) => p.name === args.to && p.role === "server")) {
      // Servers start in file order, each once bound: an earlier one runs before later ones bind.
      throw new StepFailure(
        `${args.to} has not bound yet: servers start in file order, so wait for a mark that ${args.to} sets (wait/mark) before sending to it`,
      );
    }
    try {
      return parseEndpoint(peer.expand(args.to));
    } catch (error) {
      throw new StepFailure(
        `${(error as Error).message}; peers with addresses are ${
          [...ctx.endpoints.keys()].join(", ")
        }`,
      );
    }
  }
  const servers = [...ctx.endpoints.entries()];
  const only = servers.length === 1 ? servers[0] : servers.find(([name]) => name === "server");
  if (!only) {
    throw new StepFailure(
      servers.length === 0
        ? "there is no server to reach: add a server peer or give host and port"
        : `several servers (${servers.map(([n]) => n).join(", ")}): say which with to:`,
    );
  }
  return only[1];
}

/**
 * Whether `endpoint` (as {@linkcode resolveTarget} returned it) is where an echo listens: the
 * built-in echo, or a server under test that stands in for it.
 */
export function isEchoEndpoint(peer: PeerState, endpoint: Endpoint): boolean {
  const { ctx } = peer;
  const name = [...ctx.endpoints].find(([, e]) => e === endpoint)?.[0];
  const server = ctx.scenario.peers.find((p) => p.name === name);
  if (server === undefined) return false;
  return (server.kind === "builtin" ? server.doc.builtin : server.standsFor) === "echo";
}
