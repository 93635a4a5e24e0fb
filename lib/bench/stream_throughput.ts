/**
 * Stream throughput (tcp, unix): one or more connections write messages of a fixed size as fast
 * as they can, one write in flight per connection, to a sink peer in another process; the
 * receiver counts the bytes.
 *
 * @module
 */
import { writeAll } from "../transport/stream.ts";
import { intervalsOf, resourceUse } from "./_resources.ts";
import { markWindow } from "./_window.ts";
import type { BenchPeer } from "./peer_process.ts";
import { encodeStreamHeader } from "./peer_protocol.ts";
import { readPeakRssKiB, resetPeakRss } from "./proc_stats.ts";
import type { StreamThroughputResult } from "./result_types.ts";
import { connectStream } from "./transport.ts";

/** Options of {@linkcode measureStreamThroughput}. */
export interface StreamThroughputOptions {
  /** Bytes per write. */
  sizeBytes: number;
  /** Concurrent connections, each with its own writer. @default {1} */
  connections?: number;
  /** Discarded time before the window, in ms. @default {1000} */
  warmupMs?: number;
  /** Length of the window, in ms. @default {3000} */
  durationMs?: number;
  /** Time between interval marks, in ms. @default {1000} */
  intervalMs?: number;
  /** Called with the elapsed fraction (0 to 1). */
  onProgress?: (fraction: number) => void;
}

/**
 * Writes `sizeBytes`-byte messages on `connections` connections to the sink peer (a stream
 * peer), for a warm-up and then a window, and returns what the peer received in the window.
 * Every write is awaited before the next one on the same connection (one write in flight per
 * connection); the buffer is reused.
 *
 * @throws {TypeError} if the peer is not a stream peer.
 */
export async function measureStreamThroughput(
  peer: BenchPeer,
  options: StreamThroughputOptions,
): Promise<StreamThroughputResult> {
  const sizeBytes = options.sizeBytes;
  const connections = options.connections ?? 1;
  await resetPeakRss();
  const conns: Deno.Conn[] = [];
  try {
    for (let i = 0; i < connections; i++) {
      const conn = await connectStream(peer.address);
      conns.push(conn);
      await writeAll(conn, encodeStreamHeader({ mode: "sink", noDelay: false, ackEveryBytes: 0 }));
    }
    const state = { stop: false };
    const message = new Uint8Array(sizeBytes).fill(0x5a);
    const writers = conns.map((conn) => writeUntilStopped(conn, message, state));
    let window;
    try {
      window = await markWindow(peer, {
        warmupMs: options.warmupMs ?? 1000,
        durationMs: options.durationMs ?? 3000,
        intervalMs: options.intervalMs,
        onProgress: options.onProgress,
      });
    } finally {
      state.stop = true;
      await Promise.all(writers);
    }
    const first = window.marks[0];
    const last = window.marks[window.marks.length - 1];
    const seconds = (last.timeMs - first.timeMs) / 1000;
    const bytes = last.bytes - first.bytes;
    return {
      kind: "stream_throughput",
      transport: peer.transport,
      sizeBytes,
      connections,
      seconds,
      bytes,
      bitsPerSecond: (bytes * 8) / seconds,
      messagesPerSecond: bytes / sizeBytes / seconds,
      intervals: intervalsOf(window.marks, (a, b) => (b.bytes - a.bytes) / sizeBytes),
      resources: resourceUse(window, {
        bytes,
        messages: bytes / sizeBytes,
        clientPeakRssKiB: await readPeakRssKiB(),
      }),
    };
  } finally {
    for (const conn of conns) conn.close();
  }
}

async function writeUntilStopped(
  conn: Deno.Conn,
  message: Uint8Array,
  state: { stop: boolean },
): Promise<void> {
  while (!state.stop) {
    let offset = await conn.write(message);
    while (offset < message.length) offset += await conn.write(message.subarray(offset));
  }
}
