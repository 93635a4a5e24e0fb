/**
 * Latency under load: an open-loop sender paces messages at a fixed rate and the peer relays
 * each one back; each latency is timed from the message's intended send moment
 * (`rate_schedule.ts`), so a stalled sender or peer is counted, not omitted.
 *
 * The sender runs in a Worker (`_load_sender_worker.ts`) with its own connection or socket, and
 * the answers come back on a second one read by this thread: Deno's event loop does not poll
 * sockets while JavaScript keeps yielding to it through microtasks or message ports, and its
 * timers are 1 to 2 ms coarse, so pacing in the reading thread would delay the reads it times.
 * The peer's relay (`peer_protocol.ts`) links the two connections.
 *
 * @module
 */
import { sharedNowMs } from "./_clock.ts";
import { DatagramReceiver } from "./_datagram_receiver.ts";
import { BenchTimeoutError, sleep, withTimeout } from "./_timeout.ts";
import type { SenderDone, SenderGo, SenderOpen } from "./_load_sender_worker.ts";
import {
  createLatencyHistogram,
  encodeHistogram,
  type LatencyHistogram,
  recordLatencyMs,
  summarizeHistogram,
} from "../common/histogram.ts";
import type { BenchPeer } from "./peer_process.ts";
import {
  DatagramKind,
  encodeRegister,
  encodeStreamHeader,
  RELAY_REGISTERED,
} from "./peer_protocol.ts";
import { createRateSchedule, intendedSendTimeMs } from "./rate_schedule.ts";
import type { LatencyUnderLoadResult } from "./result_types.ts";
import { writeAll } from "../transport/stream.ts";
import { connectStream, isStream, openDatagramClient } from "./transport.ts";

/** Common options of the open-loop measurements. */
export interface LoadOptions {
  /** Bytes per message, at least 16. */
  sizeBytes: number;
  /** Discarded time before the window, in ms. @default {1000} */
  warmupMs?: number;
  /** Length of the window, in ms. @default {3000} */
  durationMs?: number;
  /** How long to wait for the last answers after the window, in ms. @default {5000} */
  drainTimeoutMs?: number;
  /** Unixgram only: a directory for the two client socket paths. */
  socketDir?: string;
  /** Called with the elapsed fraction (0 to 1). */
  onProgress?: (fraction: number) => void;
}

/** Options of {@linkcode measureLatencyUnderLoad}. */
export interface LatencyUnderLoadOptions extends LoadOptions {
  /** The measured maximum rate, in messages/s (see {@linkcode measureEchoCapacity}). */
  maxPerSecond: number;
  /** Fraction of the maximum to send at, in (0, 1]. */
  fraction: number;
}

/** The sender worker failed. */
export class LoadSenderError extends Error {
  override name = "LoadSenderError";
}

/**
 * The relay rate with an unthrottled sender (one send in flight): answers per second received in
 * the window. The load tests send at fractions of it.
 */
export async function measureEchoCapacity(peer: BenchPeer, options: LoadOptions): Promise<number> {
  const run = await runLoad(peer, options, null);
  return run.answeredInWindow / run.windowSeconds;
}

/** Sends at `fraction * maxPerSecond` and returns the latency from each intended send moment. */
export async function measureLatencyUnderLoad(
  peer: BenchPeer,
  options: LatencyUnderLoadOptions,
): Promise<LatencyUnderLoadResult> {
  const targetPerSecond = Math.max(1, Math.round(options.maxPerSecond * options.fraction));
  const run = await runLoad(peer, options, targetPerSecond);
  return {
    kind: "latency_under_load",
    transport: peer.transport,
    sizeBytes: options.sizeBytes,
    maxPerSecond: options.maxPerSecond,
    fraction: options.fraction,
    targetPerSecond,
    achievedPerSecond: run.sentInWindow / run.windowSeconds,
    sent: run.sentInWindow,
    answered: run.answeredInWindow,
    latency: summarizeHistogram(run.histogram),
    histogram: encodeHistogram(run.histogram),
    intervals: run.intervals.map((histogram, i) => ({
      startSeconds: (i * LOAD_INTERVAL_MS) / 1000,
      histogram: encodeHistogram(histogram),
    })),
  };
}

/** Length of the intervals of latency under load over time, in ms. */
export const LOAD_INTERVAL_MS = 250;

interface LoadRun {
  histogram: LatencyHistogram;
  /** One histogram per {@linkcode LOAD_INTERVAL_MS} of the window, by intended send time. */
  intervals: LatencyHistogram[];
  sentInWindow: number;
  answeredInWindow: number;
  windowSeconds: number;
}

/** The receiving half: yields the index of each answered message. */
interface AnswerSource extends AsyncDisposable {
  /** The next answered index, or null once closed. */
  next(): Promise<number | null>;
  close(): void;
}

let nextPairId = 1;

async function runLoad(
  peer: BenchPeer,
  options: LoadOptions,
  ratePerSecond: number | null,
): Promise<LoadRun> {
  const warmupMs = options.warmupMs ?? 1000;
  const durationMs = options.durationMs ?? 3000;
  const pairId = nextPairId++;
  await using answers = await openAnswerSource(peer, options, pairId);
  await using worker = await openSender(peer, options, pairId);
  const histogram = createLatencyHistogram();
  const intervals: LatencyHistogram[] = [];
  const startMs = sharedNowMs() + 20;
  const windowStartMs = startMs + warmupMs;
  const endMs = windowStartMs + durationMs;
  const schedule = ratePerSecond === null ? undefined : createRateSchedule(startMs, ratePerSecond);
  const state = { answeredInWindow: 0 };
  const reader = (async () => {
    while (true) {
      const index = await answers.next();
      if (index === null) return;
      const now = sharedNowMs();
      if (schedule) {
        const intended = intendedSendTimeMs(schedule, index);
        if (intended >= windowStartMs && intended < endMs) {
          recordLatencyMs(histogram, now - intended);
          const slot = Math.floor((intended - windowStartMs) / LOAD_INTERVAL_MS);
          while (intervals.length <= slot) intervals.push(createLatencyHistogram("packed"));
          recordLatencyMs(intervals[slot], now - intended);
          state.answeredInWindow++;
        }
      } else if (now >= windowStartMs && now < endMs) {
        state.answeredInWindow++;
      }
    }
  })();
  let done: SenderDone;
  try {
    const progress = setInterval(
      () => options.onProgress?.(Math.min(1, (sharedNowMs() - startMs) / (endMs - startMs))),
      100,
    );
    try {
      done = await worker.go({ type: "go", startMs, ratePerSecond, windowStartMs, endMs });
    } finally {
      clearInterval(progress);
    }
    if (schedule) await waitForAnswers(state, done.sentInWindow, options.drainTimeoutMs ?? 5000);
  } finally {
    answers.close();
    await reader;
  }
  return {
    histogram,
    intervals,
    sentInWindow: done.sentInWindow,
    answeredInWindow: state.answeredInWindow,
    windowSeconds: durationMs / 1000,
  };
}

async function waitForAnswers(
  state: { answeredInWindow: number },
  expected: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let last = -1;
  let quietSince = performance.now();
  while (state.answeredInWindow < expected && performance.now() < deadline) {
    if (state.answeredInWindow !== last) {
      last = state.answeredInWindow;
      quietSince = performance.now();
    } else if (performance.now() - quietSince > 500) {
      return; // lost datagrams: nothing more is coming
    }
    await sleep(5);
  }
}

interface SenderHandle extends AsyncDisposable {
  go(go: SenderGo): Promise<SenderDone>;
}

async function openSender(
  peer: BenchPeer,
  options: LoadOptions,
  pairId: number,
): Promise<SenderHandle> {
  const worker = new Worker(new URL("./_load_sender_worker.ts", import.meta.url), {
    type: "module",
  });
  const nextMessage = () =>
    new Promise<{ type: string; message?: string }>((resolve) => {
      worker.onmessage = (event) => resolve(event.data);
    });
  const expect = async <T>(type: string, timeoutMs: number): Promise<T> => {
    const answer = await withTimeout(nextMessage(), timeoutMs, `"${type}" from the sender worker`);
    if (answer.type !== type) {
      throw new LoadSenderError(
        `Expected "${type}" from the sender worker, found ${answer.message ?? answer.type}`,
      );
    }
    return answer as T;
  };
  try {
    const opened = expect<unknown>("opened", 15_000);
    const open: SenderOpen = {
      type: "open",
      address: peer.address,
      sizeBytes: options.sizeBytes,
      pairId,
      localPath: options.socketDir ? `${options.socketDir}/load-${pairId}.tx` : undefined,
    };
    worker.postMessage(open);
    await opened;
  } catch (error) {
    worker.terminate();
    throw error;
  }
  return {
    go: (go) => {
      const done = expect<SenderDone>("done", go.endMs - sharedNowMs() + 15_000);
      worker.postMessage(go);
      return done;
    },
    [Symbol.asyncDispose]: () => Promise.resolve(worker.terminate()),
  };
}

async function openAnswerSource(
  peer: BenchPeer,
  options: LoadOptions,
  pairId: number,
): Promise<AnswerSource> {
  const size = options.sizeBytes;
  if (isStream(peer.transport)) {
    const conn = await connectStream(peer.address, { noDelay: true });
    const buffer = new Uint8Array(256 * 1024);
    try {
      await writeAll(
        conn,
        encodeStreamHeader({ mode: "relay_out", noDelay: true, ackEveryBytes: pairId }),
      );
      const n = await withTimeout(conn.read(buffer), 5000, "the peer to register the relay");
      if (n !== 1 || buffer[0] !== RELAY_REGISTERED) {
        throw new LoadSenderError(`Expected the relay registration byte, found ${n} bytes`);
      }
    } catch (error) {
      conn.close();
      throw error;
    }
    let receivedBytes = 0;
    let answered = 0;
    let closed = false;
    return {
      next: async () => {
        while (receivedBytes < (answered + 1) * size) {
          if (closed) return null;
          let n: number | null;
          try {
            n = await conn.read(buffer);
          } catch (error) {
            if (closed) return null;
            throw error;
          }
          if (n === null) return null;
          receivedBytes += n;
        }
        return answered++;
      },
      close: () => {
        if (!closed) conn.close();
        closed = true;
      },
      [Symbol.asyncDispose]: () => {
        if (!closed) conn.close();
        closed = true;
        return Promise.resolve();
      },
    };
  }
  const localPath = options.socketDir ? `${options.socketDir}/load-${pairId}.rx` : undefined;
  const { socket, to } = openDatagramClient(peer.address, localPath);
  const receiver = new DatagramReceiver(socket);
  let closed = false;
  try {
    await registerAnswerSocket(socket, to, receiver, pairId);
  } catch (error) {
    socket.close();
    await receiver.settle();
    throw error;
  }
  const close = () => {
    if (!closed) socket.close();
    closed = true;
  };
  return {
    next: async () => {
      while (!closed) {
        let datagram: Uint8Array;
        try {
          datagram = await receiver.next(3_600_000);
        } catch (error) {
          if (closed) return null;
          if (error instanceof BenchTimeoutError) continue;
          throw error;
        }
        if (datagram[0] !== DatagramKind.relay || datagram.length < 8) continue;
        return new DataView(datagram.buffer, datagram.byteOffset, 8).getUint32(4, true);
      }
      return null;
    },
    close,
    [Symbol.asyncDispose]: async () => {
      close();
      await receiver.settle();
    },
  };
}

/**
 * Sends register datagrams until one is answered: UDP may drop one when the peer is behind.
 * Unix datagrams are never dropped, and Deno's unix datagram socket cannot send while a receive
 * is pending (it throws Busy), so there one register is sent and its answer awaited longer.
 */
async function registerAnswerSocket(
  socket: Deno.DatagramConn,
  to: Deno.Addr,
  receiver: DatagramReceiver,
  token: number,
): Promise<void> {
  const reliable = to.transport === "unixpacket";
  const attempts = reliable ? 1 : 20;
  const timeoutMs = reliable ? 10_000 : 250;
  for (let attempt = 0; attempt < attempts; attempt++) {
    await socket.send(encodeRegister(token), to);
    try {
      while (true) {
        const answer = await receiver.next(timeoutMs);
        const answered = new DataView(answer.buffer, answer.byteOffset, 8).getUint32(4, true);
        if (answer[0] === DatagramKind.register && answered === token) return;
      }
    } catch (error) {
      if (!(error instanceof BenchTimeoutError)) throw error;
    }
  }
  throw new LoadSenderError(`Expected the peer to answer one of ${attempts} register datagrams`);
}
