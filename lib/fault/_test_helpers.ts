/**
 * Test peers for the fault tests: echo servers that record how they received data, clients,
 * and bounded waits. Real sockets only.
 *
 * @internal
 * @module
 */
import { type DuplexDatagram, openUdp, openUnixgram } from "./_datagram_socket.ts";
import type { RelayEvent } from "./event.ts";
import { type Relay, startRelay } from "./relay.ts";
import { faultsSchema } from "./schema.ts";
import { makeSocketDir } from "../transport/socket_dir.ts";
import { connectStream as connectEndpoint, writeAll } from "../transport/stream.ts";

/** Rejects with TimedOut after `ms` unless `promise` settles first; clears its timer. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Deno.errors.TimedOut(`${what}: no result in ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export { writeAll };

/** What a stream reader saw: the size of every read, and the bytes. */
export interface ReadLog {
  sizes: number[];
  bytes: Uint8Array;
  /** The error that ended reading, if not EOF. */
  error?: Error;
}

/** Reads until EOF or an error, recording read sizes. */
export async function readToEnd(conn: Deno.Conn, limitBytes = 16 << 20): Promise<ReadLog> {
  const buffer = new Uint8Array(64 * 1024);
  const parts: Uint8Array[] = [];
  const sizes: number[] = [];
  let total = 0;
  let error: Error | undefined;
  try {
    for (;;) {
      const n = await conn.read(buffer);
      if (n === null) break;
      sizes.push(n);
      parts.push(buffer.slice(0, n));
      total += n;
      if (total > limitBytes) throw new Error(`read more than ${limitBytes} bytes`);
    }
  } catch (caught) {
    error = caught as Error;
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return { sizes, bytes, error };
}

/**
 * Reads once, giving up after `ms`: the read then stays pending until the connection closes
 * (its result is ignored).
 */
export async function readWithin(
  conn: Deno.Conn,
  ms: number,
): Promise<number | null | "timeout"> {
  const read = conn.read(new Uint8Array(1024));
  read.catch(() => {});
  try {
    return await withTimeout(read, ms, "read");
  } catch (error) {
    if (error instanceof Deno.errors.TimedOut) return "timeout";
    throw error;
  }
}

/** Waits `ms`. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Reads exactly `n` bytes. */
export async function readExactly(conn: Deno.Conn, n: number): Promise<Uint8Array> {
  const out = new Uint8Array(n);
  for (let at = 0; at < n;) {
    const got = await conn.read(out.subarray(at));
    if (got === null) throw new Deno.errors.UnexpectedEof(`EOF after ${at} of ${n} bytes`);
    at += got;
  }
  return out;
}

/** Bytes 0, 1, 2, ... 255, 0, ... of length `n`. */
export function sequenceBytes(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => i & 0xff);
}

/** A stream echo server that records, per connection, the size of every read. */
export interface StreamEchoServer extends AsyncDisposable {
  addr: Deno.Addr;
  /** Read sizes per accepted connection, in accept order. */
  reads: number[][];
  /** How each connection ended: `eof`, or the error's name (`ConnectionReset`). */
  endings: string[];
  close(): Promise<void>;
}

/** Starts a stream echo server on tcp 127.0.0.1:0 or a Unix path. It echoes until EOF. */
export function startStreamEcho(
  options: { transport: "tcp" } | { transport: "unix"; path: string },
): StreamEchoServer {
  const listener = options.transport === "tcp"
    ? Deno.listen({ hostname: "127.0.0.1", port: 0 })
    : Deno.listen({ transport: "unix", path: options.path });
  const reads: number[][] = [];
  const endings: string[] = [];
  const conns = new Set<Deno.Conn>();
  const tasks = new Set<Promise<void>>();
  let closed = false;

  async function serve(conn: Deno.Conn, log: number[], index: number): Promise<void> {
    const buffer = new Uint8Array(64 * 1024);
    try {
      for (;;) {
        const n = await conn.read(buffer);
        if (n === null) break;
        log.push(n);
        await writeAll(conn, buffer.subarray(0, n));
      }
      endings[index] = "eof";
      await conn.closeWrite();
    } catch (error) {
      endings[index] ??= (error as Error).name;
    } finally {
      conns.delete(conn);
      try {
        conn.close();
      } catch { /* already closed */ }
    }
  }

  const acceptLoop = (async () => {
    while (!closed) {
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch {
        return;
      }
      const log: number[] = [];
      reads.push(log);
      conns.add(conn);
      const task = serve(conn, log, reads.length - 1);
      tasks.add(task);
      task.finally(() => tasks.delete(task));
    }
  })();

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    listener.close();
    await acceptLoop;
    for (const conn of conns) {
      try {
        conn.close();
      } catch { /* already closed */ }
    }
    await Promise.all(tasks);
  }
  return { addr: listener.addr, reads, endings, close, [Symbol.asyncDispose]: close };
}

/** A datagram echo server that records every datagram it received. */
export interface DatagramEchoServer extends AsyncDisposable {
  addr: Deno.Addr;
  /** Datagrams received, in order. */
  received: Uint8Array[];
  close(): Promise<void>;
}

/** Starts a datagram echo server on udp 127.0.0.1:0 or a unixgram path. */
export function startDatagramEcho(
  options: { transport: "udp" } | { transport: "unixgram"; path: string },
): DatagramEchoServer {
  const socket = options.transport === "udp"
    ? Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 })
    : Deno.listenDatagram({ transport: "unixpacket", path: options.path });
  const received: Uint8Array[] = [];
  let closed = false;
  const loop = (async () => {
    const buffer = new Uint8Array(65536);
    for (;;) {
      try {
        const [data, from] = await socket.receive(buffer);
        received.push(data.slice());
        await socket.send(data, from);
      } catch (error) {
        if (closed) return;
        throw error;
      }
    }
  })();
  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    socket.close();
    await loop;
  }
  return { addr: socket.addr, received, close, [Symbol.asyncDispose]: close };
}

/** A datagram of `size` bytes whose first 4 bytes hold `seq` (big-endian). */
export function seqDatagram(seq: number, size = 16): Uint8Array {
  const data = new Uint8Array(size);
  new DataView(data.buffer).setUint32(0, seq);
  return data;
}

/** The sequence number of a datagram made by {@linkcode seqDatagram}. */
export function seqOf(data: Uint8Array): number {
  return new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0);
}

/** Collects every datagram a socket receives, until {@linkcode DatagramCollector.stop}. */
export interface DatagramCollector {
  /** The socket: send on `socket.tx`. */
  readonly socket: DuplexDatagram;
  /** Datagrams received so far, in order. */
  readonly got: Uint8Array[];
  /** Waits until `count` have arrived or `idleMs` passed without a new one. */
  waitFor(count: number, idleMs: number): Promise<Uint8Array[]>;
  /** Closes the socket and waits for the receive loop to end. */
  stop(): Promise<void>;
}

/** Starts receiving on `socket.rx` in the background. */
export function collectDatagrams(socket: DuplexDatagram): DatagramCollector {
  const got: Uint8Array[] = [];
  let wake: (() => void) | undefined;
  let stopped = false;
  const loop = (async () => {
    const buffer = new Uint8Array(65536);
    for (;;) {
      try {
        const [data] = await socket.rx.receive(buffer);
        got.push(data.slice());
        wake?.();
      } catch (error) {
        if (stopped) return;
        throw error;
      }
    }
  })();
  async function waitFor(count: number, idleMs: number): Promise<Uint8Array[]> {
    while (got.length < count) {
      const before = got.length;
      const { promise, resolve } = Promise.withResolvers<void>();
      wake = resolve;
      const timer = setTimeout(resolve, idleMs);
      await promise;
      clearTimeout(timer);
      if (got.length === before) break;
    }
    return got;
  }
  async function stop(): Promise<void> {
    if (stopped) return;
    stopped = true;
    socket.close();
    await loop;
  }
  return { socket, got, waitFor, stop };
}

/** Connects a client to a stream address (tcp or unix). */
export function connectStream(addr: Deno.Addr): Promise<Deno.Conn> {
  if (addr.transport === "tcp") return connectEndpoint({ host: addr.hostname, port: addr.port });
  if (addr.transport === "unix") return connectEndpoint({ path: addr.path });
  throw new TypeError(`expected a tcp or unix address, found ${addr.transport}`);
}

/** An echo server behind a relay, with the relay's events; dispose to close everything. */
export interface RelayedEcho<S> extends AsyncDisposable {
  server: S;
  relay: Relay;
  events: RelayEvent[];
  dir: string;
}

/** Fault events only, without their times, for comparing runs. */
export function faultDecisions(events: RelayEvent[]): Omit<RelayEvent, "timeMicros">[] {
  return events.filter((event) => event.kind === "fault").map(({ timeMicros: _, ...rest }) => rest);
}

/** Starts a stream echo server and a relay in front of it with `faults` (YAML shape). */
export async function relayedStreamEcho(
  transport: "tcp" | "unix",
  faults: unknown[],
  seed = 1,
): Promise<RelayedEcho<StreamEchoServer>> {
  const dir = await makeSocketDir({ prefix: "sockspec-fault-test-", roomBytes: 64 });
  const server = transport === "tcp"
    ? startStreamEcho({ transport })
    : startStreamEcho({ transport, path: `${dir}/server.sock` });
  const events: RelayEvent[] = [];
  let relay: Relay;
  try {
    relay = await startRelay({
      transport,
      upstream: server.addr,
      faults: faultsSchema.parse(faults),
      seed,
      onEvent: (event) => events.push(event),
      tempDir: dir,
    });
  } catch (error) {
    await server.close();
    await Deno.remove(dir, { recursive: true });
    throw error;
  }
  return {
    server,
    relay,
    events,
    dir,
    async [Symbol.asyncDispose]() {
      await relay.close();
      await server.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** Starts a datagram echo server and a relay in front of it with `faults` (YAML shape). */
export async function relayedDatagramEcho(
  transport: "udp" | "unixgram",
  faults: unknown[],
  seed = 1,
): Promise<RelayedEcho<DatagramEchoServer> & { client(): Promise<DuplexDatagram> }> {
  const dir = await makeSocketDir({ prefix: "sockspec-fault-test-", roomBytes: 64 });
  const server = transport === "udp"
    ? startDatagramEcho({ transport })
    : startDatagramEcho({ transport, path: `${dir}/server.sock` });
  const events: RelayEvent[] = [];
  let relay: Relay;
  try {
    relay = await startRelay({
      transport,
      upstream: server.addr,
      faults: faultsSchema.parse(faults),
      seed,
      onEvent: (event) => events.push(event),
      tempDir: dir,
    });
  } catch (error) {
    await server.close();
    await Deno.remove(dir, { recursive: true });
    throw error;
  }
  let clients = 0;
  return {
    server,
    relay,
    events,
    dir,
    client() {
      return transport === "udp"
        ? Promise.resolve(openUdp("127.0.0.1", 0))
        : openUnixgram(`${dir}/client-${clients++}.sock`);
    },
    async [Symbol.asyncDispose]() {
      await relay.close();
      await server.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** Sends datagrams made by {@linkcode seqDatagram} with seq 0..count-1 to `to`. */
export async function sendSeqDatagrams(
  socket: DuplexDatagram,
  to: Deno.Addr,
  count: number,
  size = 16,
): Promise<void> {
  for (let seq = 0; seq < count; seq++) await socket.tx.send(seqDatagram(seq, size), to);
}
