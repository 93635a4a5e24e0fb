/** `connect`: open a stream connection. @module */
import { z } from "../../_deps/zod.ts";
import { defineStep } from "./_define.ts";
import { endpoint } from "./_schema_parts.ts";
import { remainingMs } from "./_define.ts";
import { connectStream, type ConnectStreamOptions } from "../../transport/stream.ts";
import { formatAddr, formatEndpoint } from "../../transport/address.ts";
import { isEchoEndpoint, resolveTarget } from "../endpoint.ts";
import { deadline } from "../deadline.ts";
import { StreamConn } from "../stream_conn.ts";
import { recordAddresses, recordTls } from "./_addresses.ts";
import { TLS_SERVER_NAME } from "../tls.ts";

/** Connects and records local and remote addresses as `{conn}.local_port` and friends. */
export const connectStep = defineStep({
  schema: z.strictObject({
    ...endpoint,
    no_delay: z.boolean().optional().meta({ description: "TCP_NODELAY: disable Nagle (RFC 896)" }),
    keep_alive: z.boolean().optional().meta({ description: "SO_KEEPALIVE (RFC 1122 4.2.3.6)" }),
    tls: z.union([
      z.literal(true),
      z.strictObject({
        server_name: z.string().min(1).optional().meta({
          description: 'SNI name, checked against the certificate ("sockspec.test")',
        }),
        alpn: z.array(z.string().min(1)).min(1).optional().meta({
          description: "ALPN protocols offered, in order of preference",
        }),
        trust: z.enum(["run", "system"]).optional().meta({
          description: "run: trust the run's CA (default); system: only the system's CAs",
        }),
      }),
    ]).optional().meta({
      description: "TLS over the connection; the handshake is part of connect",
    }),
  }).nullable(),
  family: "stream",
  doc: [
    [
      "`connect: {to, host, port, path, no_delay, keep_alive, tls}`",
      "connect a stream (default target: the server); `no_delay` is TCP_NODELAY, `keep_alive` SO_KEEPALIVE",
    ],
  ],
  async run(args, { step, peer, deadlineAt }) {
    const endpoint = resolveTarget(args, peer);
    const tls = args?.tls === undefined ? undefined : args.tls === true ? {} : args.tls;
    const options: ConnectStreamOptions = {
      noDelay: args?.no_delay,
      keepAlive: args?.keep_alive,
      tls: tls && {
        serverName: tls.server_name ?? TLS_SERVER_NAME,
        alpn: tls.alpn,
        caCerts: tls.trust === "system" ? [] : [(await peer.ctx.pki()).caPem],
      },
    };
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
    const connecting = connectStream(endpoint, { ...options, retryUntil: deadlineAt }).finally(
      release,
    );
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
    const stream = new StreamConn(peer.ctx, conn, {
      peer: peer.name,
      label: step.socket,
      echo: isEchoEndpoint(peer, endpoint),
    });
    const previous = peer.conns.get(step.socket);
    if (previous) await peer.ctx.release(previous.conn);
    peer.conns.set(step.socket, stream);
    recordAddresses(peer, step.socket, conn);
    const negotiated = await recordTls(peer, step.socket, conn);
    peer.ctx.record.add({
      peer: peer.name,
      conn: step.socket,
      kind: "connect",
      detail: `${formatAddr(conn.localAddr)} -> ${formatAddr(conn.remoteAddr)}${negotiated}`,
    });
  },
});
