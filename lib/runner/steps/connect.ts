/** `connect`: open a stream connection. @module */
import { z } from "../../_deps/zod.ts";
import { defineStep } from "./_define.ts";
import { endpoint } from "./_schema_parts.ts";
import { remainingMs } from "./_define.ts";
import { connectStream } from "../../transport/stream.ts";
import { formatAddr, formatEndpoint } from "../../transport/address.ts";
import { resolveTarget } from "../endpoint.ts";
import { deadline } from "../deadline.ts";
import { StreamConn } from "../stream_conn.ts";
import { recordAddresses } from "./_addresses.ts";

/**
 * Connects in flight at once in one run. A thousand clients connecting in the same instant
 * overflow the listen queue of a server with a default backlog (128 in Python), and the kernel
 * then drops handshakes or, now and then, resets them; a client application's connects would
 * not all start in the same microsecond either. Paced, they still all wait for the server.
 */
const CONNECTS_IN_FLIGHT = 64;
const inFlight = new WeakMap<object, { running: number; queue: (() => void)[] }>();

async function paced<T>(run: object, connecting: () => Promise<T>): Promise<T> {
  let slots = inFlight.get(run);
  if (!slots) inFlight.set(run, slots = { running: 0, queue: [] });
  const own = slots;
  if (own.running >= CONNECTS_IN_FLIGHT) await new Promise<void>((go) => own.queue.push(go));
  own.running++;
  try {
    return await connecting();
  } finally {
    own.running--;
    own.queue.shift()?.();
  }
}

/** Connects and records local and remote addresses as `{conn}.local_port` and friends. */
export const connectStep = defineStep({
  schema: z.strictObject({
    ...endpoint,
    no_delay: z.boolean().optional().meta({ description: "TCP_NODELAY: disable Nagle (RFC 896)" }),
    keep_alive: z.boolean().optional().meta({ description: "SO_KEEPALIVE (RFC 1122 4.2.3.6)" }),
  }).nullable(),
  family: "stream",
  doc: [
    [
      "`connect: {to, host, port, path, no_delay, keep_alive}`",
      "connect a stream (default target: the server); `no_delay` is TCP_NODELAY, `keep_alive` SO_KEEPALIVE",
    ],
  ],
  async run(args, { step, peer, deadlineAt }) {
    const endpoint = resolveTarget(args, peer);
    const connecting = paced(peer.ctx, () =>
      connectStream(endpoint, {
        noDelay: args?.no_delay,
        keepAlive: args?.keep_alive,
        retryUntil: deadlineAt,
      }));
    // A connect that outlives the step still yields a socket: close it when it comes.
    peer.ctx.pending(connecting).catch(() => {});
    let conn: Deno.Conn;
    try {
      conn = await deadline(
        connecting,
        remainingMs(deadlineAt),
        `connect to ${formatEndpoint(endpoint)}`,
      );
    } catch (error) {
      connecting.then((late) => late.close(), () => {});
      throw error;
    }
    const stream = new StreamConn(peer.ctx, conn, { peer: peer.name, label: step.socket });
    const previous = peer.conns.get(step.socket);
    if (previous) await peer.ctx.release(previous.conn);
    peer.conns.set(step.socket, stream);
    recordAddresses(peer, step.socket, conn);
    peer.ctx.record.add({
      peer: peer.name,
      conn: step.socket,
      kind: "connect",
      detail: `${formatAddr(conn.localAddr)} -> ${formatAddr(conn.remoteAddr)}`,
    });
  },
});
