/**
 * Datagram throughput and loss (udp, unixgram): datagrams of a fixed size are sent as fast as one
 * send in flight allows to a sink peer in another process, which counts them.
 *
 * @module
 */
import { DatagramReceiver, syncDatagramPeer } from "./_datagram_receiver.ts";
import { intervalsOf, resourceUse } from "./_resources.ts";
import { markWindow } from "./_window.ts";
import type { BenchPeer } from "./peer_process.ts";
import { DatagramKind } from "./peer_protocol.ts";
import { readPeakRssKiB, resetPeakRss } from "./proc_stats.ts";
import type { DatagramThroughputResult } from "./result_types.ts";
import { maxPayloadBytes, openDatagramClient } from "./transport.ts";

/** Options of {@linkcode measureDatagramThroughput}. */
export interface DatagramThroughputOptions {
  /** Bytes per datagram, at least 8. */
  sizeBytes: number;
  /** Discarded time before the window, in ms. @default {1000} */
  warmupMs?: number;
  /** Length of the window, in ms. @default {3000} */
  durationMs?: number;
  /** Time between interval marks, in ms. @default {1000} */
  intervalMs?: number;
  /** Where to bind the client's unix datagram socket (unixgram only). */
  localPath?: string;
  /** Called with the elapsed fraction (0 to 1). */
  onProgress?: (fraction: number) => void;
}

/** A datagram size does not fit the transport. */
export class DatagramTooLargeError extends RangeError {
  override name = "DatagramTooLargeError";
}

/**
 * Sends datagrams to the sink peer for a warm-up and a window. The rate is the peer's count in
 * the window; the loss is over the whole run, counted after a sync datagram confirmed that the
 * peer had processed (received or dropped) everything sent.
 *
 * @throws {DatagramTooLargeError} if `sizeBytes` exceeds the transport's maximum payload.
 */
export async function measureDatagramThroughput(
  peer: BenchPeer,
  options: DatagramThroughputOptions,
): Promise<DatagramThroughputResult> {
  const sizeBytes = options.sizeBytes;
  if (sizeBytes > maxPayloadBytes(peer.transport) || sizeBytes < 8) {
    throw new DatagramTooLargeError(
      `Expected a ${peer.transport} datagram of 8 to ${
        maxPayloadBytes(peer.transport)
      } bytes, found ${sizeBytes}`,
    );
  }
  await resetPeakRss();
  await peer.reset();
  const { socket, to } = openDatagramClient(peer.address, options.localPath);
  const receiver = new DatagramReceiver(socket);
  try {
    const datagram = new Uint8Array(sizeBytes).fill(0x5a);
    datagram[0] = DatagramKind.data;
    const state = { stop: false, sent: 0 };
    const sender = (async () => {
      while (!state.stop) {
        await socket.send(datagram, to);
        state.sent++;
      }
    })();
    let window;
    try {
      window = await markWindow(peer, {
        warmupMs: options.warmupMs ?? 1000,
        durationMs: options.durationMs ?? 3000,
        intervalMs: options.intervalMs,
        onProgress: options.onProgress,
        sampleClient: () => state.sent,
      });
    } finally {
      state.stop = true;
      await sender;
    }
    const clientSeconds = (window.clientTimeMs[1] - window.clientTimeMs[0]) / 1000;
    const sentInWindow = window.clientSamples[1] - window.clientSamples[0];
    const final = await syncDatagramPeer(socket, to, receiver, { token: 1 });
    const first = window.marks[0];
    const last = window.marks[window.marks.length - 1];
    const seconds = (last.timeMs - first.timeMs) / 1000;
    const receivedDatagrams = last.datagrams - first.datagrams;
    const bytes = last.bytes - first.bytes;
    return {
      kind: "datagram_throughput",
      transport: peer.transport,
      sizeBytes,
      seconds,
      receivedDatagrams,
      datagramsPerSecond: receivedDatagrams / seconds,
      sentDatagramsPerSecond: sentInWindow / clientSeconds,
      bitsPerSecond: (bytes * 8) / seconds,
      totalSent: state.sent,
      totalReceived: final.datagrams,
      lossPercent: state.sent > 0 ? (100 * (state.sent - final.datagrams)) / state.sent : 0,
      intervals: intervalsOf(window.marks, (a, b) => b.datagrams - a.datagrams),
      resources: resourceUse(window, {
        bytes,
        messages: receivedDatagrams,
        clientPeakRssKiB: await readPeakRssKiB(),
      }),
    };
  } finally {
    socket.close();
    await receiver.settle();
  }
}
