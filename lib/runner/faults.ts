/** Puts the fault relay between the clients and the server when a scenario has faults. @module */
import type { RunContext } from "./context.ts";
import { type RelayEvent, startRelay } from "../fault/mod.ts";
import { datagramAddr } from "../transport/datagram.ts";
import { isStream } from "../common/transport.ts";
import type { Endpoint } from "../transport/address.ts";
import { endpointOfAddr, publishEndpoint } from "./peers/listen_endpoint.ts";
import { StepFailure } from "./errors.ts";

function streamAddr(endpoint: Endpoint): Deno.Addr {
  return "path" in endpoint
    ? { transport: "unix", path: endpoint.path }
    : { transport: "tcp", hostname: endpoint.host, port: endpoint.port };
}

function recordRelayEvent(ctx: RunContext, event: RelayEvent): void {
  ctx.record.add({
    peer: "relay",
    conn: `conn#${event.conn}`,
    kind: event.kind,
    bytes: event.bytes,
    seq: event.seq,
    offset: event.offset,
    fault: event.fault,
    detail: event.direction ? `${event.direction}: ${event.detail}` : event.detail,
  });
}

/**
 * Starts the seeded relay in front of the scenario's server and makes clients reach the relay
 * instead: `{server.port}` and friends then name the relay. Every fault decision is recorded as
 * an event of peer `relay`.
 *
 * @throws {StepFailure} When the scenario has faults but no single server to put them before.
 */
export async function startFaults(ctx: RunContext): Promise<void> {
  const faults = ctx.scenario.faults;
  if (!faults || faults.length === 0) return;
  const servers = [...ctx.endpoints.entries()];
  const target = servers.length === 1 ? servers[0] : servers.find(([name]) => name === "server");
  if (!target) {
    throw new StepFailure("faults go between the clients and one server: name it server");
  }
  const [name, endpoint] = target;
  const upstream = isStream(ctx.transport) ? streamAddr(endpoint) : datagramAddr(endpoint);
  const relay = await startRelay({
    transport: ctx.transport,
    upstream,
    faults,
    seed: ctx.seed,
    tempDir: ctx.tempDir,
    onEvent: (event) => recordRelayEvent(ctx, event),
    clockMicros: () => ctx.record.nowMicros(),
  });
  ctx.track(relay);
  ctx.record.add({ peer: "relay", kind: "listen", detail: `in front of ${name}` });
  publishEndpoint(ctx, name, endpointOfAddr(relay.addr));
}
