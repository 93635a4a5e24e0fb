/**
 * A bench peer: a sink or echo server on one transport, meant to run in its own process so that
 * it never shares the measuring side's event loop. Started by `startPeer` (`peer_process.ts`):
 *
 * ```sh
 * deno run --no-config --unstable-net --allow-all lib/bench/peer_main.ts tcp|udp|unix|unixgram [path] [--ffi]
 * ```
 *
 * With `--ffi` a udp peer receives through libc's recvmmsg in a Worker (`_ffi_udp.ts`), as a
 * sink that counts and answers sync and echo datagrams.
 *
 * It prints one JSON line `{"ready":true,"port":N}` (or `"path"`) on stdout once listening, then
 * serves the protocol of `peer_protocol.ts` until `quit` or the end of stdin. `--allow-all`
 * because Deno grants `/proc/<pid>/status` (its peak RSS) to nothing narrower. It imports nothing
 * outside this folder but `node:process`, so it starts fast.
 *
 * @module
 */
import { writeAll } from "../transport/stream.ts";
import {
  DatagramKind,
  decodeStreamHeader,
  encodeSyncReply,
  type PeerMark,
  RELAY_REGISTERED,
  STREAM_HEADER_BYTES,
  type StreamHeader,
} from "./peer_protocol.ts";
import { cpuUsage } from "node:process";
import { parseStatusField } from "./proc_stats.ts";
import { type BenchTransport, parseTransport } from "./transport.ts";
import { createSharedCounters, openUdpSocket, readCounts } from "./_ffi_udp.ts";

/** Bytes of the buffer each connection reads into. */
const READ_BUFFER_BYTES = 256 * 1024;
/** Largest datagram a datagram peer receives whole. */
const DATAGRAM_BUFFER_BYTES = 256 * 1024;

const counters = { bytes: 0, datagrams: 0, connections: 0 };
/** relay_out connections by pair id. */
const relayOuts = new Map<number, Deno.Conn>();
/** Addresses registered by register datagrams, by token. */
const registered = new Map<number, Deno.Addr>();
const encoder = new TextEncoder();

async function main(words: string[]): Promise<void> {
  const args = words.filter((word) => word !== "--ffi");
  const transport = parseTransport(args[0] ?? "");
  if (transport === "udp" && words.includes("--ffi")) return await mainFfi();
  const path = args[1];
  const listener = listen(transport, path);
  await say({ ready: true, ...addressOf(listener) });
  const serving = "accept" in listener ? acceptLoop(listener) : datagramLoop(listener);
  serving.catch((error) => {
    console.error(`peer: ${error}`);
    Deno.exit(1);
  });
  await controlLoop();
  Deno.exit(0);
}

/** The udp sink through recvmmsg (`--ffi`). */
async function mainFfi(): Promise<void> {
  const { fd, port } = openUdpSocket();
  const shared = createSharedCounters();
  // The control loop reads and resets the Worker's counts. It reads datagrams, then bytes: the
  // bytes come from the same snapshot as the datagrams read just before.
  let snapshot = { datagrams: 0, bytes: 0 };
  Object.defineProperties(counters, {
    datagrams: {
      get: () => (snapshot = readCounts(shared)).datagrams,
      set: (value: number) => Atomics.store(shared, 0, BigInt(value)),
    },
    bytes: {
      get: () => snapshot.bytes,
      set: (value: number) => Atomics.store(shared, 1, BigInt(value)),
    },
  });
  const worker = new Worker(new URL("./_ffi_udp_worker.ts", import.meta.url).href, {
    type: "module",
  });
  worker.onmessage = (event) => {
    if (!event.data.error) return;
    console.error(`peer: ${event.data.error}`);
    Deno.exit(1);
  };
  worker.postMessage({ kind: "sink", fd, counters: shared });
  await say({ ready: true, port });
  await controlLoop();
  Deno.exit(0);
}

function listen(transport: BenchTransport, path?: string): Deno.Listener | Deno.DatagramConn {
  const needPath = transport === "unix" || transport === "unixgram";
  if (needPath && !path) throw new TypeError(`A ${transport} peer needs a socket path`);
  switch (transport) {
    case "tcp":
      return Deno.listen({ hostname: "127.0.0.1", port: 0 });
    case "unix":
      return Deno.listen({ transport: "unix", path: path! });
    case "udp":
      return Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 });
    case "unixgram":
      return Deno.listenDatagram({ transport: "unixpacket", path: path! });
  }
}

function addressOf(listener: Deno.Listener | Deno.DatagramConn): Record<string, unknown> {
  const addr = listener.addr;
  return addr.transport === "tcp" || addr.transport === "udp"
    ? { port: addr.port }
    : { path: (addr as Deno.UnixAddr).path };
}

async function acceptLoop(listener: Deno.Listener): Promise<void> {
  for await (const conn of listener) {
    counters.connections++;
    serveStream(conn).catch(() => {}).finally(() => {
      try {
        conn.close();
      } catch { /* already closed */ }
    });
  }
}

async function serveStream(conn: Deno.Conn): Promise<void> {
  const buffer = new Uint8Array(READ_BUFFER_BYTES);
  let have = 0;
  while (have < STREAM_HEADER_BYTES) {
    const n = await conn.read(buffer.subarray(have));
    if (n === null) return;
    have += n;
  }
  const header = decodeStreamHeader(buffer);
  if (header.noDelay && conn.remoteAddr.transport === "tcp") {
    (conn as Deno.TcpConn).setNoDelay(true);
  }
  const early = buffer.slice(STREAM_HEADER_BYTES, have);
  if (header.mode === "echo") await echoStream(conn, buffer, early, conn);
  else if (header.mode === "sink") await sinkStream(conn, buffer, early, header);
  else if (header.mode === "relay_in") {
    const out = relayOuts.get(header.ackEveryBytes);
    if (out === undefined) {
      throw new Error(`No relay_out connection for pair ${header.ackEveryBytes}`);
    }
    await echoStream(conn, buffer, early, out);
  } else {
    relayOuts.set(header.ackEveryBytes, conn);
    await writeAll(conn, new Uint8Array([RELAY_REGISTERED]));
    try {
      while ((await conn.read(buffer)) !== null) { /* only waits for the close */ }
    } finally {
      relayOuts.delete(header.ackEveryBytes);
    }
  }
}

async function echoStream(
  conn: Deno.Conn,
  buffer: Uint8Array,
  early: Uint8Array,
  out: Deno.Conn,
): Promise<void> {
  counters.bytes += early.length;
  await writeAll(out, early);
  while (true) {
    const n = await conn.read(buffer);
    if (n === null) return;
    counters.bytes += n;
    await writeAll(out, buffer.subarray(0, n));
  }
}

async function sinkStream(
  conn: Deno.Conn,
  buffer: Uint8Array,
  early: Uint8Array,
  header: StreamHeader,
): Promise<void> {
  const ackEvery = header.ackEveryBytes;
  const ackBytes = new Uint8Array(64).fill(0x61);
  let received = early.length;
  let acked = 0;
  counters.bytes += early.length;
  while (true) {
    if (ackEvery > 0) {
      const due = Math.floor(received / ackEvery) - acked;
      for (let left = due; left > 0; left -= ackBytes.length) {
        await writeAll(conn, ackBytes.subarray(0, Math.min(left, ackBytes.length)));
      }
      acked += due;
    }
    const n = await conn.read(buffer);
    if (n === null) return;
    received += n;
    counters.bytes += n;
  }
}

async function datagramLoop(socket: Deno.DatagramConn): Promise<void> {
  const buffer = new Uint8Array(DATAGRAM_BUFFER_BYTES);
  while (true) {
    const [datagram, from] = await socket.receive(buffer);
    const kind = datagram[0];
    if (kind === DatagramKind.sync) {
      const token = view(datagram).getUint32(4, true);
      const reply = encodeSyncReply({
        token,
        datagrams: counters.datagrams,
        bytes: counters.bytes,
      });
      await sendIgnoringGone(socket, reply, from);
      continue;
    }
    if (kind === DatagramKind.register) {
      registered.set(view(datagram).getUint32(4, true), from);
      await sendIgnoringGone(socket, datagram, from);
      continue;
    }
    counters.datagrams++;
    counters.bytes += datagram.length;
    const to = kind === DatagramKind.echo
      ? from
      : kind === DatagramKind.relay
      ? registered.get(view(datagram).getUint32(8, true))
      : undefined;
    if (to !== undefined) await sendIgnoringGone(socket, datagram, to);
  }
}

/**
 * Answers a datagram. A unix datagram client that closed its socket makes the send fail
 * (ConnectionRefused or NotFound); the answer is dropped, as UDP would, and the peer goes on.
 */
async function sendIgnoringGone(
  socket: Deno.DatagramConn,
  datagram: Uint8Array,
  to: Deno.Addr,
): Promise<void> {
  try {
    await socket.send(datagram, to);
  } catch (error) {
    if (
      !(error instanceof Deno.errors.ConnectionRefused) &&
      !(error instanceof Deno.errors.NotFound)
    ) throw error;
  }
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

async function controlLoop(): Promise<void> {
  const decoder = new TextDecoder();
  const chunk = new Uint8Array(1024);
  let pending = "";
  while (true) {
    const n = await Deno.stdin.read(chunk);
    if (n === null) return;
    pending += decoder.decode(chunk.subarray(0, n), { stream: true });
    let newline: number;
    while ((newline = pending.indexOf("\n")) >= 0) {
      const command = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (command === "quit") return;
      if (command === "mark") await say({ mark: mark() });
      else if (command === "reset") {
        counters.bytes = 0;
        counters.datagrams = 0;
        await say({ reset: true });
      } else await say({ error: `unknown command "${command}"` });
    }
  }
}

function mark(): PeerMark {
  const cpu = cpuUsage();
  return {
    timeMs: performance.now(),
    // Datagrams first: under --ffi, reading them takes the snapshot the bytes come from.
    datagrams: counters.datagrams,
    bytes: counters.bytes,
    connections: counters.connections,
    cpuUserMicros: cpu.user,
    cpuSystemMicros: cpu.system,
    peakRssKiB: parseStatusField(Deno.readTextFileSync(`/proc/${Deno.pid}/status`), "VmHWM") ?? 0,
  };
}

async function say(message: unknown): Promise<void> {
  await writeAll(Deno.stdout, encoder.encode(JSON.stringify(message) + "\n"));
}

if (import.meta.main) await main(Deno.args);
