/** `listen`: open another listener, or bind a datagram socket. @module */
import { z } from "../../_deps/zod.ts";
import { defineStep } from "./_define.ts";
import { hostField, pathField, portField } from "../../common/fields.ts";
import { listenStream } from "../../transport/stream.ts";
import { bindDatagram } from "../../transport/datagram.ts";
import { formatAddr } from "../../transport/address.ts";
import { isStream } from "../../common/transport.ts";
import type { Endpoint } from "../../transport/address.ts";
import type { PeerState } from "../peer_state.ts";
import { StepFailure } from "../errors.ts";
import { DatagramHistory } from "../datagram_history.ts";

/** Where to listen; the defaults are the scenario's host, an ephemeral port, a fresh path. */
const schema = z.strictObject({
  host: hostField.optional(),
  port: portField.optional(),
  path: pathField.optional(),
  reuse_port: z.boolean().optional().meta({
    description: "SO_REUSEPORT (TCP): share the port with other listeners that set it",
  }),
}).nullable();

function endpointOf(args: z.output<typeof schema>, peer: PeerState, label: string): Endpoint {
  const unix = peer.ctx.transport === "unix" || peer.ctx.transport === "unixgram";
  if (unix) return { path: args?.path ? peer.expand(args.path) : peer.ctx.socketPath(label) };
  const port = Number(peer.expand(String(args?.port ?? 0)));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new StepFailure(`expected a port from 0 to 65535, found ${JSON.stringify(args?.port)}`);
  }
  return { host: peer.expand(args?.host ?? peer.ctx.scenario.host), port };
}

/**
 * Opens a listener labelled by the step's `conn` (a datagram socket on udp and unixgram) and
 * captures `{conn}.port`, `{conn}.path`, `{conn}.address`.
 */
export const listenStep = defineStep({
  schema,
  doc: [
    [
      "`listen: {host, port, path, reuse_port}`",
      "open another listener (stream) or bind a datagram socket, labelled by `conn`; `reuse_port` is SO_REUSEPORT (TCP)",
    ],
  ],
  run(args, { step, peer }) {
    const endpoint = endpointOf(args, peer, step.socket);
    const { ctx } = peer;
    let addr: Deno.Addr;
    if (isStream(ctx.transport)) {
      const listener = ctx.track(listenStream(endpoint, { reusePort: args?.reuse_port }));
      peer.listeners.set(step.socket, listener);
      addr = listener.addr;
    } else {
      const socket = ctx.track(bindDatagram(endpoint));
      peer.datagrams.set(step.socket, { socket, nextSeq: 0, history: new DatagramHistory() });
      addr = socket.addr;
    }
    peer.capture(`${step.socket}.address`, formatAddr(addr));
    peer.capture(`${step.socket}.port`, "port" in addr ? addr.port : "");
    peer.capture(`${step.socket}.path`, "path" in addr ? addr.path ?? "" : "");
    ctx.record.add({
      peer: peer.name,
      conn: step.socket,
      kind: "listen",
      detail: formatAddr(addr),
    });
    return Promise.resolve();
  },
});
