/** Where a server peer listens. @module */
import type { RunContext } from "../context.ts";
import type { Peer } from "../../model/scenario.ts";
import type { Endpoint } from "../../transport/address.ts";
import { StepFailure } from "../errors.ts";

/**
 * The endpoint a server peer binds: its `listen:` settings, else the scenario's host with an
 * ephemeral port (port 0), or a fresh path in the run's temporary directory for Unix sockets.
 */
export function listenEndpoint(peer: Peer, ctx: RunContext): Endpoint {
  const listen = peer.doc.listen;
  if (ctx.transport === "unix" || ctx.transport === "unixgram") {
    return { path: listen?.path ? ctx.vars.expand(listen.path) : ctx.socketPath(peer.name) };
  }
  const port = Number(ctx.vars.expand(String(listen?.port ?? 0)));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new StepFailure(`${peer.name}.listen.port: expected 0 to 65535, found ${listen?.port}`);
  }
  return { host: ctx.vars.expand(listen?.host ?? ctx.scenario.host), port };
}

/** The endpoint of a bound address, as clients reach it. */
export function endpointOfAddr(addr: Deno.Addr): Endpoint {
  if (addr.transport === "tcp" || addr.transport === "udp") {
    return { host: addr.hostname, port: addr.port };
  }
  return { path: (addr as Deno.UnixAddr).path };
}

/** Publishes a server's endpoint as `{name.host}`, `{name.port}`, `{name.path}`. */
export function publishEndpoint(ctx: RunContext, name: string, endpoint: Endpoint): void {
  ctx.endpoints.set(name, endpoint);
  if ("path" in endpoint) {
    ctx.vars.set(`${name}.path`, endpoint.path);
  } else {
    ctx.vars.set(`${name}.host`, endpoint.host);
    ctx.vars.set(`${name}.port`, endpoint.port);
  }
}
