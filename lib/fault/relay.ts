/**
 * The fault relay: a proxy that sockspec puts between client and server when a scenario has a
 * `faults:` section. The client talks to the relay's address; the relay talks to the real
 * server (upstream) and injects the faults, deciding with a seeded generator so that the same
 * seed gives the same decisions for the same traffic.
 *
 * @module
 */
import { FaultTransportMismatchError, RelayAddressError } from "./errors.ts";
import type { RelayEvent } from "./event.ts";
import type { Fault, Faults } from "./schema.ts";
import { startDatagramRelay } from "./_datagram_relay.ts";
import { startStreamRelay } from "./_stream_relay.ts";
import type { Relay, RelayOptions, RelayTransport } from "./relay_types.ts";

export type { Relay, RelayListen, RelayOptions, RelayTransport } from "./relay_types.ts";

function checkFaults(transport: RelayTransport, faults: Faults): void {
  const family = transport === "tcp" || transport === "unix" ? "stream" : "datagram";
  const wrong = faults.find((fault: Fault) => fault.family !== family);
  if (wrong) {
    throw new FaultTransportMismatchError(
      `expected ${family} faults for transport ${transport}, found the ${wrong.family} fault ${wrong.kind}`,
    );
  }
}

function checkUpstream(transport: RelayTransport, upstream: Deno.Addr): void {
  const expected = { tcp: "tcp", udp: "udp", unix: "unix", unixgram: "unixpacket" }[transport];
  if (upstream.transport !== expected) {
    throw new RelayAddressError(
      `expected a ${expected} upstream address for transport ${transport}, found ${upstream.transport}`,
    );
  }
}

/**
 * Starts a relay in front of `upstream` that injects `faults`.
 *
 * Streams: each accepted client gets its own upstream connection; both directions are pumped
 * through the faults, and half-close is propagated both ways. Datagrams: each client address
 * gets its own upstream socket, so that replies find their way back.
 *
 * @example Drop every third datagram to an echo server
 * ```ts ignore
 * const relay = await startRelay({
 *   transport: "udp",
 *   upstream: server.addr,
 *   faults: faultsSchema.parse([{ drop: { every: 3, direction: "to_server" } }]),
 *   seed: 42,
 *   onEvent: (event) => console.log(event.detail),
 * });
 * // the client sends to relay.addr
 * await relay.close();
 * ```
 *
 * @throws {FaultTransportMismatchError} when a fault does not fit the transport.
 * @throws {RelayAddressError} when `upstream` does not fit the transport.
 * @throws {Deno.errors.AddrInUse} when `listen` names an address in use.
 */
export async function startRelay(options: RelayOptions): Promise<Relay> {
  checkFaults(options.transport, options.faults);
  checkUpstream(options.transport, options.upstream);
  const startedAtMs = performance.now();
  const clock = options.clockMicros ??
    (() => Math.round((performance.now() - startedAtMs) * 1000));
  const onEvent = options.onEvent ?? (() => {});
  const emit = (event: Omit<RelayEvent, "timeMicros">) =>
    onEvent({ timeMicros: clock(), ...event } as RelayEvent);
  const settings = { ...options, emit };
  return options.transport === "tcp" || options.transport === "unix"
    ? await startStreamRelay(settings)
    : await startDatagramRelay(settings);
}
