/**
 * The stream relay (tcp, unix): accepts clients, opens one upstream connection per client and
 * runs a {@linkcode StreamConnection} for each.
 *
 * @internal
 * @module
 */
import type { StreamEndpoint, StreamListener } from "./_endpoint.ts";
import { errorName } from "../common/error_name.ts";
import {
  makeRelayDir,
  netListen,
  type RelaySettings,
  removeDir,
  StatsCounter,
} from "./_relay_common.ts";
import { StreamConnection } from "./_stream_connection.ts";
import { connectTcp, listenTcp } from "./_tcp_endpoint.ts";
import { connectUnix, listenUnix } from "./_unix_endpoint.ts";
import type { FlowDirection } from "./event.ts";
import type { Relay } from "./relay_types.ts";
import type { StreamFault } from "./schema.ts";
import type { IndexedStreamFault } from "./stream/_chain.ts";

async function openListener(
  settings: RelaySettings,
): Promise<{ listener: StreamListener; dir?: string; path?: string }> {
  if (settings.transport === "tcp") {
    const { hostname, port } = netListen(settings.listen, settings.upstream);
    return { listener: await listenTcp(hostname, port) };
  }
  if (settings.listen && "path" in settings.listen) {
    return { listener: listenUnix(settings.listen.path), path: settings.listen.path };
  }
  const dir = await makeRelayDir(settings.tempDir);
  const path = `${dir}/relay.sock`;
  return { listener: listenUnix(path), dir, path };
}

function connectUpstream(settings: RelaySettings, signal: AbortSignal): Promise<StreamEndpoint> {
  const upstream = settings.upstream;
  if (upstream.transport === "tcp") return connectTcp(upstream, signal);
  return connectUnix(upstream as Deno.UnixAddr);
}

/** Starts a stream relay. */
export async function startStreamRelay(settings: RelaySettings): Promise<Relay> {
  const counter = new StatsCounter();
  const emit = counter.wrap(settings.emit);
  const indexed: IndexedStreamFault[] = settings.faults.map((fault, index) => ({
    fault: fault as StreamFault,
    index,
  }));
  const faults: Record<FlowDirection, IndexedStreamFault[]> = {
    to_server: indexed.filter(({ fault }) => fault.direction !== "to_client"),
    to_client: indexed.filter(({ fault }) => fault.direction !== "to_server"),
  };
  const { listener, dir, path } = await openListener(settings);
  const closing = new AbortController();
  const live = new Set<StreamConnection>();
  const handlers = new Set<Promise<void>>();

  async function handle(client: StreamEndpoint, conn: number): Promise<void> {
    let upstream: StreamEndpoint;
    try {
      upstream = await connectUpstream(settings, closing.signal);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      emit({
        kind: "error",
        conn,
        detail: `connect to the server: ${errorName(error)}: ${message}`,
      });
      client.reset();
      await client.closed;
      return;
    }
    if (closing.signal.aborted) {
      client.close();
      upstream.close();
      await Promise.all([client.closed, upstream.closed]);
      return;
    }
    emit({ kind: "connect", conn, detail: "connected to the server" });
    const connection = new StreamConnection(client, upstream, {
      conn,
      seed: settings.seed,
      faults,
      emit,
      stats: counter.byDirection,
    });
    live.add(connection);
    try {
      await connection.run();
    } finally {
      live.delete(connection);
    }
  }

  const acceptLoop = (async () => {
    for (let conn = 0;; conn++) {
      let client: StreamEndpoint | null;
      try {
        client = await listener.accept();
      } catch (error) {
        const message = `${errorName(error)}: ${(error as Error).message}`;
        emit({ kind: "error", conn, detail: `accept stopped: ${message}` });
        return;
      }
      if (!client) return;
      counter.connections++;
      emit({ kind: "accept", conn, detail: `accepted connection ${conn}` });
      const handler = handle(client, conn).catch((error) => {
        emit({ kind: "error", conn, detail: `relay: ${errorName(error)}: ${String(error)}` });
      }).finally(() => handlers.delete(handler));
      handlers.add(handler);
    }
  })();

  let closed: Promise<void> | undefined;
  async function close(): Promise<void> {
    closing.abort();
    // A node:net server reports closed only once its connections are: close those first.
    const listenerClosed = listener.close();
    await acceptLoop;
    for (const connection of live) connection.abort();
    await Promise.all(handlers);
    await listenerClosed;
    if (dir) await removeDir(dir);
    else if (path) await removeDir(path);
  }
  return {
    addr: listener.addr,
    close: () => closed ??= close(),
    stats: () => counter.snapshot(),
    [Symbol.asyncDispose]: () => closed ??= close(),
  };
}
