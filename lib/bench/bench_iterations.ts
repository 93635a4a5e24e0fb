/**
 * Iterations for `deno bench`: each moves a fixed number of bytes and ends only once the peer
 * confirmed it received them, so that time per iteration converts to bytes per second at the
 * receiver.
 *
 * @module
 */
import { DatagramReceiver, syncDatagramPeer } from "./_datagram_receiver.ts";
import type { BenchPeer } from "./peer_process.ts";
import { DatagramKind, encodeStreamHeader } from "./peer_protocol.ts";
import { writeAll } from "../transport/stream.ts";
import { connectStream, openDatagramClient } from "./transport.ts";

/** A repeatable unit of work. */
export interface Batch {
  /** Sends one batch and resolves when the peer has it. */
  run(): Promise<void>;
  /** Bytes one batch moves. */
  readonly bytesPerRun: number;
  /** Closes the connection or socket (synchronous, for `unload`). */
  close(): void;
}

/** Options of the batch openers. */
export interface BatchOptions {
  /** Bytes per write or datagram. */
  sizeBytes: number;
  /** Writes or datagrams per batch. */
  count: number;
}

/** The peer closed a connection during a batch. */
export class PeerClosedError extends Error {
  override name = "PeerClosedError";
}

/**
 * A stream connection to the sink that acks every `sizeBytes * count` bytes: a batch is `count`
 * writes of `sizeBytes` (one in flight, buffer reused) followed by the wait for that ack byte.
 */
export async function openStreamBatch(peer: BenchPeer, options: BatchOptions): Promise<Batch> {
  const bytesPerRun = options.sizeBytes * options.count;
  if (bytesPerRun > 0xffffffff) {
    throw new RangeError(`A batch of ${bytesPerRun} bytes exceeds 4 GiB`);
  }
  const conn = await connectStream(peer.address);
  await writeAll(
    conn,
    encodeStreamHeader({ mode: "sink", noDelay: false, ackEveryBytes: bytesPerRun }),
  );
  const message = new Uint8Array(options.sizeBytes).fill(0x5a);
  const ack = new Uint8Array(64);
  const tcp = peer.transport === "tcp" ? conn as Deno.TcpConn : undefined;
  let closed = false;
  return {
    bytesPerRun,
    async run() {
      for (let i = 0; i < options.count; i++) {
        let offset = await conn.write(message);
        while (offset < message.length) offset += await conn.write(message.subarray(offset));
      }
      if (tcp) {
        // Push out a last small segment that Nagle's algorithm would hold until the peer's
        // delayed ACK (up to 40 ms): on Linux, setting TCP_NODELAY sends pending data at once
        // (tcp(7)). Nagle stays on for the writes themselves, as in the report and in iperf3.
        tcp.setNoDelay(true);
        tcp.setNoDelay(false);
      }
      const n = await conn.read(ack.subarray(0, 1));
      if (n === null) throw new PeerClosedError("The sink closed the connection before its ack");
    },
    close() {
      if (!closed) conn.close();
      closed = true;
    },
  };
}

/** A datagram batch, with the totals sent and received so far. */
export interface DatagramBatch extends Batch {
  /** Datagrams sent, and received by the peer (as of the last sync). */
  totals(): { sent: number; received: number };
}

/**
 * A datagram socket to the sink: a batch is `count` datagrams (one send in flight) followed by a
 * sync round trip, whose answer means the peer has processed (received or dropped) them all.
 */
export async function openDatagramBatch(
  peer: BenchPeer,
  options: BatchOptions & { localPath?: string },
): Promise<DatagramBatch> {
  const { socket, to } = openDatagramClient(peer.address, options.localPath);
  const receiver = new DatagramReceiver(socket);
  const datagram = new Uint8Array(options.sizeBytes).fill(0x5a);
  datagram[0] = DatagramKind.data;
  // A lost sync costs its timeout in the measured time: keep it short. Loopback answers take
  // tens of µs, and a full receive queue drains in a few ms.
  const sync = (token: number) =>
    syncDatagramPeer(socket, to, receiver, { token, timeoutMs: 10, attempts: 200 });
  peerCounts.set(peer, (await sync(1)).datagrams);
  let sent = 0;
  let received = 0;
  let token = 100;
  let closed = false;
  return {
    bytesPerRun: options.sizeBytes * options.count,
    async run() {
      // Every run ends with a sync, so the peer's count is known at the start of the next one,
      // whichever batch of the same peer ran last.
      const before = peerCounts.get(peer) ?? 0;
      for (let i = 0; i < options.count; i++) await socket.send(datagram, to);
      sent += options.count;
      token += 200;
      const after = (await sync(token)).datagrams;
      peerCounts.set(peer, after);
      received += after - before;
    },
    totals: () => ({ sent, received }),
    close() {
      if (!closed) socket.close();
      closed = true;
    },
  };
}

/** The datagram count of each peer as of its last sync. */
const peerCounts = new WeakMap<BenchPeer, number>();
