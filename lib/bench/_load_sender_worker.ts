/**
 * The sending half of an open-loop load test, run in a Worker so that pacing (a short busy wait
 * before each send) never delays the main thread's reads. It owns the relay_in connection or the
 * sending datagram socket; the peer relays every message to the main thread's socket.
 *
 * Protocol with the main thread: it receives {@linkcode SenderOpen}, answers `{type: "opened"}`,
 * receives {@linkcode SenderGo}, answers {@linkcode SenderDone} (or `{type: "error", message}`)
 * and closes its socket.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { writeAll } from "../transport/stream.ts";
import { sharedNowMs } from "./_clock.ts";
import { DatagramKind, encodeStreamHeader } from "./peer_protocol.ts";
import { connectStream, openDatagramClient, type PeerAddress } from "./transport.ts";

/** Where and what to send. */
export interface SenderOpen {
  type: "open";
  address: PeerAddress;
  sizeBytes: number;
  /** Stream pair id, or datagram token of the receiving socket. */
  pairId: number;
  /** Unixgram only: where to bind the sending socket. */
  localPath?: string;
}

/** When to send: message `i` at `startMs + i * 1000 / ratePerSecond` (shared clock, ms). */
export interface SenderGo {
  type: "go";
  startMs: number;
  /** Messages per second, or null to send as fast as one send in flight allows. */
  ratePerSecond: number | null;
  windowStartMs: number;
  endMs: number;
}

/** What was sent. */
export interface SenderDone {
  type: "done";
  sent: number;
  /** Messages whose intended (or, unthrottled, actual) send time fell in the window. */
  sentInWindow: number;
}

type Send = (index: number) => Promise<void>;

let send: Send | undefined;
let close: (() => void) | undefined;

self.onmessage = async (event: MessageEvent<SenderOpen | SenderGo>) => {
  try {
    if (event.data.type === "open") {
      [send, close] = await open(event.data);
      self.postMessage({ type: "opened" });
    } else {
      const done = await sendOnSchedule(event.data, send!);
      close?.();
      self.postMessage(done);
    }
  } catch (error) {
    close?.();
    self.postMessage({ type: "error", message: String(error) });
  }
};

async function open(request: SenderOpen): Promise<[Send, () => void]> {
  const message = new Uint8Array(request.sizeBytes).fill(0x5a);
  if (request.address.transport === "tcp" || request.address.transport === "unix") {
    const conn = await connectStream(request.address, { noDelay: true });
    const header = encodeStreamHeader({
      mode: "relay_in",
      noDelay: true,
      ackEveryBytes: request.pairId,
    });
    await writeAll(conn, header);
    return [async () => {
      await writeAll(conn, message);
    }, () => conn.close()];
  }
  const { socket, to } = openDatagramClient(request.address, request.localPath);
  const view = new DataView(message.buffer);
  message[0] = DatagramKind.relay;
  view.setUint32(8, request.pairId, true);
  return [
    async (index) => {
      view.setUint32(4, index, true);
      await socket.send(message, to);
    },
    () => socket.close(),
  ];
}

async function sendOnSchedule(go: SenderGo, send: Send): Promise<SenderDone> {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  let sent = 0;
  let sentInWindow = 0;
  while (true) {
    let now = sharedNowMs();
    const intended = go.ratePerSecond === null
      ? Math.max(now, go.startMs)
      : go.startMs + (sent * 1000) / go.ratePerSecond;
    if (intended >= go.endMs) break;
    // Atomics.wait oversleeps by ~60 µs here: sleep to 0.2 ms before the moment, then spin.
    if (intended - now > 0.3) Atomics.wait(signal, 0, 0, intended - now - 0.2);
    while ((now = sharedNowMs()) < intended) { /* busy wait: timers are ms-coarse */ }
    await send(sent);
    sent++;
    if (intended >= go.windowStartMs) sentInWindow++;
  }
  return { type: "done", sent, sentInWindow };
}
