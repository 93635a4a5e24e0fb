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
import { createSenderShared } from "./_ffi_udp.ts";
import type { FfiUdpJob } from "./_ffi_udp_worker.ts";

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
  /**
   * udp: send with sendmmsg through Deno FFI in a Worker, 64 datagrams a call, instead of one
   * `DatagramConn.send` a datagram (needs `--allow-ffi`). @default {false}
   */
  ffi?: boolean;
}

/** A running sender: how many it has sent, and how to stop it. */
interface Sender {
  sent(): number;
  stop(): Promise<void>;
}

function denoSender(socket: Deno.DatagramConn, datagram: Uint8Array, to: Deno.Addr): Sender {
  const state = { stop: false, sent: 0 };
  const sending = (async () => {
    while (!state.stop) {
      await socket.send(datagram, to);
      state.sent++;
    }
  })();
  return {
    sent: () => state.sent,
    stop: async () => {
      state.stop = true;
      await sending;
    },
  };
}

/** Starts the FFI sender Worker and waits until it sends. */
async function ffiSender(port: number, datagram: Uint8Array): Promise<Sender> {
  const shared = createSenderShared();
  const worker = new Worker(new URL("./_ffi_udp_worker.ts", import.meta.url).href, {
    type: "module",
  });
  let started!: () => void;
  const running = new Promise<void>((resolve) => started = resolve);
  const finished = new Promise<void>((resolve, reject) => {
    worker.onmessage = (event) => {
      if (event.data.started) started();
      else if (event.data.error) reject(new Error(event.data.error));
      else resolve();
    };
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new Error(event.message));
    };
  });
  const job: FfiUdpJob = { kind: "send", port, datagram, shared };
  worker.postMessage(job);
  try {
    await Promise.race([running, finished]);
  } catch (error) {
    worker.terminate();
    throw error;
  }
  return {
    sent: () => Number(Atomics.load(shared.sent, 0)),
    stop: async () => {
      Atomics.store(shared.stop, 0, 1);
      try {
        await finished;
      } finally {
        worker.terminate();
      }
    },
  };
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
    const sender = options.ffi && peer.address.transport === "udp"
      ? await ffiSender(peer.address.port, datagram)
      : denoSender(socket, datagram, to);
    let window;
    try {
      window = await markWindow(peer, {
        warmupMs: options.warmupMs ?? 1000,
        durationMs: options.durationMs ?? 3000,
        intervalMs: options.intervalMs,
        onProgress: options.onProgress,
        sampleClient: () => sender.sent(),
      });
    } finally {
      await sender.stop();
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
      totalSent: sender.sent(),
      totalReceived: final.datagrams,
      lossPercent: sender.sent() > 0
        ? (100 * (sender.sent() - final.datagrams)) / sender.sent()
        : 0,
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
