/**
 * TCP sockets of the relay, on `node:net`: Deno's own `Deno.Conn` cannot close abortively (no
 * SO_LINGER), while `node:net`'s `resetAndDestroy()` closes with SO_LINGER {on, 0} and so sends
 * a real RST.
 *
 * @internal
 * @module
 */
import net from "node:net";
import type { StreamEndpoint, StreamListener } from "./_endpoint.ts";

/** Turns a `node:net` error into the Deno error class of the same meaning. */
function toDenoError(error: Error & { code?: string }): Error {
  const make = {
    ECONNRESET: Deno.errors.ConnectionReset,
    EPIPE: Deno.errors.BrokenPipe,
    ECONNREFUSED: Deno.errors.ConnectionRefused,
    ECONNABORTED: Deno.errors.ConnectionAborted,
    EADDRINUSE: Deno.errors.AddrInUse,
    EADDRNOTAVAIL: Deno.errors.AddrNotAvailable,
    ETIMEDOUT: Deno.errors.TimedOut,
  }[error.code ?? ""];
  return make ? new make(error.message) : error;
}

class NodeEndpoint implements StreamEndpoint {
  #socket: net.Socket;
  #chunks: Uint8Array[] = [];
  #ended = false;
  #error: Error | undefined;
  #wake: (() => void) | undefined;
  #closed = Promise.withResolvers<void>();
  #isClosed = false;
  /** Rejecters of writes not yet handed to the kernel, failed if the socket closes first. */
  #pendingWrites = new Set<(error: Error) => void>();

  constructor(socket: net.Socket) {
    this.#socket = socket;
    socket.pause();
    socket.setNoDelay(true);
    socket.on("data", (data: Uint8Array) => {
      this.#chunks.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      socket.pause();
      this.#notify();
    });
    socket.on("end", () => {
      this.#ended = true;
      this.#notify();
    });
    socket.on("error", (error: Error) => {
      this.#error ??= toDenoError(error);
      this.#notify();
    });
    socket.on("close", () => {
      this.#isClosed = true;
      this.#ended = true;
      const error = this.#error ?? new Deno.errors.BrokenPipe("the socket closed during a write");
      for (const reject of this.#pendingWrites) reject(error);
      this.#pendingWrites.clear();
      this.#notify();
      this.#closed.resolve();
    });
  }

  get closed(): Promise<void> {
    return this.#closed.promise;
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async read(): Promise<Uint8Array | null> {
    for (;;) {
      const chunk = this.#chunks.shift();
      if (chunk) return chunk;
      if (this.#error) throw this.#error;
      if (this.#ended) return null;
      const { promise, resolve } = Promise.withResolvers<void>();
      this.#wake = resolve;
      this.#socket.resume();
      await promise;
    }
  }

  write(chunk: Uint8Array): Promise<void> {
    if (this.#isClosed || this.#socket.destroyed) {
      return Promise.reject(this.#error ?? new Deno.errors.BrokenPipe("the socket is closed"));
    }
    return new Promise<void>((resolve, reject) => {
      this.#pendingWrites.add(reject);
      this.#socket.write(chunk, (error) => {
        this.#pendingWrites.delete(reject);
        if (error) reject(toDenoError(error));
        else resolve();
      });
    });
  }

  closeWrite(): Promise<void> {
    if (this.#isClosed || this.#socket.destroyed) return Promise.resolve();
    const finished = new Promise<void>((resolve) => this.#socket.end(resolve));
    return Promise.race([finished, this.#closed.promise]);
  }

  reset(): string {
    if (this.#socket.destroyed) return "already closed";
    try {
      this.#socket.resetAndDestroy();
      return "RST (SO_LINGER 0)";
    } catch {
      this.#socket.destroy();
      return "closed (reset unavailable)";
    }
  }

  close(): void {
    this.#socket.destroy();
  }
}

/** Listens for TCP connections on `hostname:port`. */
export async function listenTcp(hostname: string, port: number): Promise<StreamListener> {
  const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
  const pending: net.Socket[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  server.on("connection", (socket: net.Socket) => {
    pending.push(socket);
    wake?.();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: Error) => reject(toDenoError(error)));
    server.listen({ host: hostname, port, exclusive: true }, resolve);
  });
  const address = server.address() as net.AddressInfo;
  return {
    addr: { transport: "tcp", hostname: address.address, port: address.port },
    async accept() {
      while (!closed) {
        const socket = pending.shift();
        if (socket) return new NodeEndpoint(socket);
        const { promise, resolve } = Promise.withResolvers<void>();
        wake = resolve;
        await promise;
      }
      return null;
    },
    async close() {
      closed = true;
      wake?.();
      for (const socket of pending.splice(0)) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Connects to a TCP address.
 *
 * @throws {Deno.errors.ConnectionRefused} when nothing listens there.
 * @throws {Deno.errors.Interrupted} when `signal` aborts first.
 */
export async function connectTcp(
  addr: Deno.NetAddr,
  signal: AbortSignal,
): Promise<StreamEndpoint> {
  const socket = net.connect({ host: addr.hostname, port: addr.port, allowHalfOpen: true });
  const socketClosed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  const onAbort = () => socket.destroy(new Deno.errors.Interrupted("the relay is closing"));
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", (error: Error) => reject(toDenoError(error)));
    });
  } catch (error) {
    socket.destroy();
    await socketClosed;
    throw error;
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  return new NodeEndpoint(socket);
}
