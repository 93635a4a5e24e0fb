/** `connect`: open a stream connection. @module */
import type { StepRunner } from "./_types.ts";
import { remainingMs } from "./_types.ts";
import { connectStream } from "../../transport/stream.ts";
import { formatAddr, formatEndpoint } from "../../transport/address.ts";
import { resolveTarget, type TargetArgs } from "../endpoint.ts";
import { deadline } from "../deadline.ts";
import { StreamConn } from "../stream_conn.ts";
import { recordAddresses } from "./_addresses.ts";

interface ConnectArgs extends TargetArgs {
  no_delay?: boolean;
  keep_alive?: boolean;
}

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
export const connect: StepRunner = async (step, peer, deadlineAt) => {
  const args = step.args as ConnectArgs | null;
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
  const stream = new StreamConn(peer.ctx, conn, { peer: peer.name, label: step.conn });
  const previous = peer.conns.get(step.conn);
  if (previous) await peer.ctx.release(previous.conn);
  peer.conns.set(step.conn, stream);
  recordAddresses(peer, step.conn, conn);
  peer.ctx.record.add({
    peer: peer.name,
    conn: step.conn,
    kind: "connect",
    detail: `${formatAddr(conn.localAddr)} -> ${formatAddr(conn.remoteAddr)}`,
  });
};
