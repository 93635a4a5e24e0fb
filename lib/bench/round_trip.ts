/**
 * Closed-loop round-trip time: send one message to an echo peer in another process, wait for
 * all of it to come back, repeat; like `sockperf ping-pong`.
 *
 * @module
 */
import { DatagramReceiver } from "./_datagram_receiver.ts";
import { BenchTimeoutError, sleep } from "./_timeout.ts";
import {
  createLatencyHistogram,
  encodeHistogram,
  type LatencyHistogram,
  recordLatencyMs,
  summarizeHistogram,
} from "../common/histogram.ts";
import type { BenchPeer } from "./peer_process.ts";
import { DatagramKind, encodeStreamHeader } from "./peer_protocol.ts";
import type { RoundTripResult } from "./result_types.ts";
import { connectStream, isStream, openDatagramClient } from "./transport.ts";
import { writeAll } from "../transport/stream.ts";

/** Options of {@linkcode measureRoundTrip}. */
export interface RoundTripOptions {
  /** Bytes per message, at least 8. */
  sizeBytes: number;
  /** Discarded time before the window, in ms. @default {1000} */
  warmupMs?: number;
  /** Length of the window, in ms. @default {3000} */
  durationMs?: number;
  /** Datagrams only: how long to wait for an answer before counting it lost, in ms. @default {1000} */
  answerTimeoutMs?: number;
  /** Where to bind the client's unix datagram socket (unixgram only). */
  localPath?: string;
  /** Called with the elapsed fraction (0 to 1). */
  onProgress?: (fraction: number) => void;
}

/** One echo exchange: send the message, resolve once it all came back. */
export type RoundTrip = () => Promise<void>;

/** An open echo connection or socket for round trips. */
export interface EchoSession extends AsyncDisposable {
  roundTrip: RoundTrip;
  /** Datagrams only: answers that did not come within the timeout. */
  lost(): number;
}

/**
 * Opens an echo session on the peer: a stream connection with TCP_NODELAY on both sides, or a
 * datagram socket whose messages are of kind echo and carry a sequence number.
 */
export async function openEchoSession(
  peer: BenchPeer,
  options: { sizeBytes: number; answerTimeoutMs?: number; localPath?: string },
): Promise<EchoSession> {
  const message = new Uint8Array(options.sizeBytes).fill(0x5a);
  if (isStream(peer.transport)) {
    const conn = await connectStream(peer.address, { noDelay: true });
    await writeAll(conn, encodeStreamHeader({ mode: "echo", noDelay: true, ackEveryBytes: 0 }));
    const readBuffer = new Uint8Array(Math.max(65536, options.sizeBytes));
    return {
      roundTrip: async () => {
        let offset = await conn.write(message);
        while (offset < message.length) offset += await conn.write(message.subarray(offset));
        let received = 0;
        while (received < message.length) {
          const n = await conn.read(readBuffer);
          if (n === null) {
            throw new Deno.errors.UnexpectedEof("The echo peer closed the connection");
          }
          received += n;
        }
      },
      lost: () => 0,
      [Symbol.asyncDispose]: () => Promise.resolve(conn.close()),
    };
  }
  const { socket, to } = openDatagramClient(peer.address, options.localPath);
  const receiver = new DatagramReceiver(socket);
  const view = new DataView(message.buffer);
  message[0] = DatagramKind.echo;
  let sequence = 0;
  let lost = 0;
  const timeoutMs = options.answerTimeoutMs ?? 1000;
  return {
    roundTrip: async () => {
      sequence++;
      view.setUint32(4, sequence, true);
      await socket.send(message, to);
      while (true) {
        let answer: Uint8Array;
        try {
          answer = await receiver.next(timeoutMs);
        } catch (error) {
          if (!(error instanceof BenchTimeoutError)) throw error;
          lost++;
          return;
        }
        const echoed = new DataView(answer.buffer, answer.byteOffset, 8).getUint32(4, true);
        if (answer[0] === DatagramKind.echo && echoed === sequence) return;
      }
    },
    lost: () => lost,
    [Symbol.asyncDispose]: async () => {
      socket.close();
      await receiver.settle();
    },
  };
}

/**
 * Measures round trips for a warm-up (discarded) and a window, and returns their full and halved
 * distributions.
 */
export async function measureRoundTrip(
  peer: BenchPeer,
  options: RoundTripOptions,
): Promise<RoundTripResult> {
  await using session = await openEchoSession(peer, options);
  const warmupMs = options.warmupMs ?? 1000;
  const durationMs = options.durationMs ?? 3000;
  const began = performance.now();
  const histogram = createLatencyHistogram();
  await runRoundTrips(
    session.roundTrip,
    began + warmupMs,
    undefined,
    options.onProgress,
    began,
    warmupMs + durationMs,
  );
  const lostBefore = session.lost();
  const windowStart = performance.now();
  await runRoundTrips(
    session.roundTrip,
    windowStart + durationMs,
    histogram,
    options.onProgress,
    began,
    warmupMs + durationMs,
  );
  const seconds = (performance.now() - windowStart) / 1000;
  return {
    kind: "round_trip",
    transport: peer.transport,
    sizeBytes: options.sizeBytes,
    rtt: summarizeHistogram(histogram),
    halfRtt: summarizeHistogram(histogram, { halve: true }),
    roundTripsPerSecond: histogram.totalCount / seconds,
    lost: session.lost() - lostBefore,
    histogram: encodeHistogram(histogram),
  };
}

async function runRoundTrips(
  roundTrip: RoundTrip,
  untilMs: number,
  histogram: LatencyHistogram | undefined,
  onProgress: ((fraction: number) => void) | undefined,
  beganMs: number,
  totalMs: number,
): Promise<void> {
  let count = 0;
  while (true) {
    const start = performance.now();
    if (start >= untilMs) return;
    await roundTrip();
    if (histogram) recordLatencyMs(histogram, performance.now() - start);
    if (++count % 4096 === 0) {
      onProgress?.(Math.min(1, (performance.now() - beganMs) / totalMs));
      // Let timers and the progress line run; the pause is outside any timed round trip.
      await sleep(0);
    }
  }
}
