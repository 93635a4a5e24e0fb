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

/** First wait before a Unix connect into a full accept queue is tried again, in ms. */
const WOULD_BLOCK_RETRY_MS = 1;

/**
 * Connects; a Unix connect that finds the server's accept queue full fails at once with
 * WouldBlock (EAGAIN) where a blocking client would wait, so it is tried again, with a growing
 * pause, until the step's deadline.
 */
async function connectRetrying(
  endpoint: ReturnType<typeof resolveTarget>,
  args: ConnectArgs | null,
  deadlineAt: number,
): Promise<Deno.Conn> {
  for (let pauseMs = WOULD_BLOCK_RETRY_MS;; pauseMs = Math.min(pauseMs * 2, 100)) {
    try {
      return await connectStream(endpoint, {
        noDelay: args?.no_delay,
        keepAlive: args?.keep_alive,
      });
    } catch (error) {
      if (!(error instanceof Deno.errors.WouldBlock) || performance.now() + pauseMs > deadlineAt) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}

/** Connects and records local and remote addresses as `{conn}.local_port` and friends. */
export const connect: StepRunner = async (step, peer, deadlineAt) => {
  const args = step.args as ConnectArgs | null;
  const endpoint = resolveTarget(args, peer);
  // Paced: a crowd of clients connects a bounded number at a time (RunContext.connects). A turn
  // that comes after the step gave up is handed on at once.
  const turn = peer.ctx.connects.acquire();
  let release: () => void;
  try {
    release = await deadline(
      turn,
      remainingMs(deadlineAt),
      `connect to ${formatEndpoint(endpoint)} (waiting for a turn)`,
    );
  } catch (error) {
    turn.then((late) => late());
    throw error;
  }
  const connecting = connectRetrying(endpoint, args, deadlineAt).finally(release);
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
