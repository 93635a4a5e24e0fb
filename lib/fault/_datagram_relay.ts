/**
 * The datagram relay (udp, unixgram): one front socket the clients send to, and one upstream
 * socket per client address, so that the server's replies map back to the client that caused
 * them. For unixgram every socket is bound to a path in the relay's temp dir (an unbound
 * client cannot be answered: its replies are reported as errors).
 *
 * @internal
 * @module
 */
import { type DuplexDatagram, openUdp, openUnixgram } from "./_datagram_socket.ts";
import { errorName } from "../common/error_name.ts";
import {
  loopbackFor,
  makeRelayDir,
  netListen,
  type RelaySettings,
  removeDir,
  StatsCounter,
} from "./_relay_common.ts";
import { buildDatagramChain, type IndexedDatagramFault } from "./datagram/_chain.ts";
import type { DatagramItem, DatagramSink } from "./datagram/_types.ts";
import type { FlowDirection, RelayDirectionStats } from "./event.ts";
import type { Relay } from "./relay_types.ts";
import type { DatagramFault } from "./schema.ts";

/** Largest datagram the relay receives whole (UDP's payload limit is 65507 on IPv4). */
const RECEIVE_BYTES = 65536;

function addrText(addr: Deno.Addr): string {
  if ("path" in addr) return addr.path === "" ? "(unbound)" : addr.path;
  if (!("hostname" in addr)) return JSON.stringify(addr);
  const host = addr.hostname.includes(":") ? `[${addr.hostname}]` : addr.hostname;
  return `${host}:${addr.port}`;
}

interface Client {
  toServer: DatagramSink;
  sent: number;
  socket: DuplexDatagram;
  loop: Promise<void>;
}

/** Starts a datagram relay. */
export async function startDatagramRelay(settings: RelaySettings): Promise<Relay> {
  const counter = new StatsCounter();
  const emit = counter.wrap(settings.emit);
  const udp = settings.transport === "udp";
  const indexed: IndexedDatagramFault[] = settings.faults.map((fault, index) => ({
    fault: fault as DatagramFault,
    index,
  }));
  const faults: Record<FlowDirection, IndexedDatagramFault[]> = {
    to_server: indexed.filter(({ fault }) => fault.direction !== "to_client"),
    to_client: indexed.filter(({ fault }) => fault.direction !== "to_server"),
  };
  const givenPath = settings.listen && "path" in settings.listen ? settings.listen.path : undefined;
  const dir = udp ? undefined : await makeRelayDir(settings.tempDir);
  const listen = netListen(settings.listen, settings.upstream);
  const front = udp
    ? openUdp(listen.hostname, listen.port)
    : await openUnixgram(givenPath ?? `${dir}/relay.sock`);
  const clients = new Map<string, Client>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const sending = new Set<Promise<void>>();
  let closed = false;

  function setTimer(fn: () => void, ms: number): () => void {
    const id = setTimeout(() => {
      timers.delete(id);
      if (!closed) fn();
    }, Math.max(0, ms));
    timers.add(id);
    return () => {
      clearTimeout(id);
      timers.delete(id);
    };
  }

  // Sends on one socket go one at a time, whichever client they are for: Deno's Unix datagram
  // socket refuses a send while another is pending ("Busy", denoland/deno#6290), and every
  // client's replies leave through the one front socket.
  const tails = new Map<Deno.DatagramConn, Promise<void>>();

  /** Sends datagrams in order on `socket` to `to`, counting them. */
  function sender(
    socket: Deno.DatagramConn,
    to: Deno.Addr,
    stats: RelayDirectionStats,
    conn: number,
    direction: FlowDirection,
  ): DatagramSink {
    return {
      send(item: DatagramItem) {
        const data = item.data;
        const previous = tails.get(socket) ?? Promise.resolve();
        const tail = previous.then(() => socket.send(data, to)).then(() => {
          stats.forwardedDatagrams++;
          stats.forwardedBytes += data.length;
        }, (error) => {
          if (closed) return;
          const detail = `send datagram #${item.index}: ${errorName(error)}: ${error.message}`;
          emit({ kind: "error", conn, direction, seq: item.index, detail });
        });
        tails.set(socket, tail);
        sending.add(tail);
        tail.finally(() => {
          sending.delete(tail);
          if (tails.get(socket) === tail) tails.delete(socket);
        });
      },
    };
  }

  function hooks(direction: FlowDirection, conn: number) {
    return { direction, conn, seed: settings.seed, emit, setTimer };
  }

  function openUpstream(conn: number): Promise<DuplexDatagram> {
    if (udp) return Promise.resolve(openUdp(loopbackFor(settings.upstream), 0));
    return openUnixgram(`${dir}/client-${conn}.sock`);
  }

  /** Reports a receive that failed other than by closing; that receive loop stops. */
  function receiveFailed(error: unknown, conn: number, direction: FlowDirection): void {
    const message = `${errorName(error)}: ${(error as Error).message}`;
    emit({ kind: "error", conn, direction, detail: `receive stopped: ${message}` });
  }

  function unanswerable(conn: number): DatagramSink {
    return {
      send(item) {
        emit({
          kind: "error",
          conn,
          direction: "to_client",
          seq: item.index,
          detail: `reply datagram #${item.index} dropped: the client's socket is unbound`,
        });
      },
    };
  }

  async function newClient(addr: Deno.Addr): Promise<Client> {
    const conn = counter.connections++;
    const socket = await openUpstream(conn);
    emit({
      kind: "connect",
      conn,
      detail: `client ${conn} at ${addrText(addr)}: relaying from ${addrText(socket.addr)}`,
    });
    const toServer = buildDatagramChain(
      faults.to_server,
      sender(socket.tx, settings.upstream, counter.toServer, conn, "to_server"),
      hooks("to_server", conn),
    );
    const unbound = "path" in addr && addr.path === "";
    const toClient = buildDatagramChain(
      faults.to_client,
      unbound ? unanswerable(conn) : sender(front.tx, addr, counter.toClient, conn, "to_client"),
      hooks("to_client", conn),
    );
    const loop = (async () => {
      const buffer = new Uint8Array(RECEIVE_BYTES);
      for (let index = 0;; index++) {
        let data: Uint8Array;
        try {
          [data] = await socket.rx.receive(buffer);
        } catch (error) {
          if (!closed) receiveFailed(error, conn, "to_client");
          return;
        }
        counter.toClient.receivedDatagrams++;
        counter.toClient.receivedBytes += data.length;
        toClient.send({ data: data.slice(), index });
      }
    })();
    return { toServer, sent: 0, socket, loop };
  }

  const frontLoop = (async () => {
    const buffer = new Uint8Array(RECEIVE_BYTES);
    for (;;) {
      let data: Uint8Array;
      let addr: Deno.Addr;
      try {
        [data, addr] = await front.rx.receive(buffer);
      } catch (error) {
        if (!closed) receiveFailed(error, counter.connections, "to_server");
        return;
      }
      const key = addrText(addr);
      let client = clients.get(key);
      if (!client) {
        try {
          client = await newClient(addr);
        } catch (error) {
          const message = `${errorName(error)}: ${(error as Error).message}`;
          emit({ kind: "error", conn: counter.connections, detail: `new client: ${message}` });
          continue;
        }
        clients.set(key, client);
      }
      counter.toServer.receivedDatagrams++;
      counter.toServer.receivedBytes += data.length;
      client.toServer.send({ data: data.slice(), index: client.sent++ });
    }
  })();

  let closing: Promise<void> | undefined;
  async function close(): Promise<void> {
    closed = true;
    for (const id of timers) clearTimeout(id);
    timers.clear();
    front.close();
    for (const client of clients.values()) client.socket.close();
    const loops = [frontLoop, ...[...clients.values()].map((client) => client.loop)];
    const results = await Promise.allSettled([...loops, ...sending]);
    if (dir) await removeDir(dir);
    if (givenPath) await removeDir(givenPath);
    const failed = results.find((result) => result.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }
  return {
    addr: front.addr,
    close: () => closing ??= close(),
    stats: () => counter.snapshot(),
    [Symbol.asyncDispose]: () => closing ??= close(),
  };
}
