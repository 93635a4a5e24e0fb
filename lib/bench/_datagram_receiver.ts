/** Receiving datagrams with a bound on the wait. @module */
import { BenchTimeoutError } from "./_timeout.ts";
import { decodeSyncReply, encodeSyncRequest, type SyncReply } from "./peer_protocol.ts";

/**
 * Receives datagrams one at a time with a timeout. Deno cannot cancel a pending `receive`, so a
 * receive that timed out stays pending and the next call waits on it again: no datagram is lost
 * to a timeout, and at most one receive is ever pending.
 */
export class DatagramReceiver {
  #socket: Deno.DatagramConn;
  #buffer: Uint8Array;
  #pending?: Promise<[Uint8Array, Deno.Addr]>;

  constructor(socket: Deno.DatagramConn, bufferBytes = 256 * 1024) {
    this.#socket = socket;
    this.#buffer = new Uint8Array(bufferBytes);
  }

  /**
   * The next datagram, as a view into the receiver's buffer valid until the next call.
   *
   * @throws {BenchTimeoutError} after `timeoutMs`.
   */
  async next(timeoutMs: number): Promise<Uint8Array> {
    this.#pending ??= this.#socket.receive(this.#buffer);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    try {
      const result = await Promise.race([this.#pending, expired]);
      if (result === "timeout") {
        throw new BenchTimeoutError(`Expected a datagram within ${timeoutMs} ms, none came`);
      }
      this.#pending = undefined;
      return result[0];
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits for a receive still pending after a timeout to settle (after the socket closed). */
  async settle(): Promise<void> {
    await this.#pending?.catch(() => {});
    this.#pending = undefined;
  }
}

/**
 * Sends sync requests until one is answered, and returns the peer's counts. Because the peer
 * answers in receive order, the counts include every datagram sent before the answered request
 * that was not dropped.
 *
 * @throws {BenchTimeoutError} if `attempts` requests in a row go unanswered.
 */
export async function syncDatagramPeer(
  socket: Deno.DatagramConn,
  to: Deno.Addr,
  receiver: DatagramReceiver,
  options: { token: number; attempts?: number; timeoutMs?: number },
): Promise<SyncReply> {
  const attempts = options.attempts ?? 20;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const token = options.token + attempt;
    await socket.send(encodeSyncRequest(token), to);
    const deadline = performance.now() + (options.timeoutMs ?? 200);
    while (performance.now() < deadline) {
      let datagram: Uint8Array;
      try {
        datagram = await receiver.next(Math.max(1, deadline - performance.now()));
      } catch (error) {
        if (error instanceof BenchTimeoutError) break;
        throw error;
      }
      const reply = decodeSyncReply(datagram);
      if (reply && reply.token === token) return reply;
    }
  }
  throw new BenchTimeoutError(`Expected an answer to one of ${attempts} sync requests, none came`);
}
