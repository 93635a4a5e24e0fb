/**
 * Unix stream sockets of the relay, on `Deno.Conn`. Unix sockets have no RST: an abortive close
 * is a close, and Linux gives the peer ECONNRESET only if unread data was left (unix(7)).
 *
 * @internal
 * @module
 */
import type { StreamEndpoint, StreamListener } from "./_endpoint.ts";

/** Bytes asked of each read. */
const READ_BYTES = 64 * 1024;

class ConnEndpoint implements StreamEndpoint {
  #conn: Deno.Conn;
  #buffer = new Uint8Array(READ_BYTES);
  #isClosed = false;

  constructor(conn: Deno.Conn) {
    this.#conn = conn;
  }

  readonly closed: Promise<void> = Promise.resolve();

  async read(): Promise<Uint8Array | null> {
    const n = await this.#conn.read(this.#buffer);
    return n === null ? null : this.#buffer.slice(0, n);
  }

  async write(chunk: Uint8Array): Promise<void> {
    for (let at = 0; at < chunk.length;) at += await this.#conn.write(chunk.subarray(at));
  }

  async closeWrite(): Promise<void> {
    if (!this.#isClosed) await this.#conn.closeWrite();
  }

  reset(): string {
    this.close();
    return "closed (Unix sockets have no RST)";
  }

  close(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    try {
      this.#conn.close();
    } catch (error) {
      if (!(error instanceof Deno.errors.BadResource)) throw error;
    }
  }
}

/** Listens for Unix stream connections on `path`. */
export function listenUnix(path: string): StreamListener {
  const listener = Deno.listen({ transport: "unix", path });
  let closed = false;
  return {
    addr: listener.addr,
    async accept() {
      try {
        return new ConnEndpoint(await listener.accept());
      } catch (error) {
        if (closed) return null;
        throw error;
      }
    },
    close() {
      if (!closed) {
        closed = true;
        listener.close();
      }
      return Promise.resolve();
    },
  };
}

/**
 * Connects to a Unix stream socket.
 *
 * @throws {Deno.errors.NotFound} or {Deno.errors.ConnectionRefused} when nothing listens there.
 */
export async function connectUnix(addr: Deno.UnixAddr): Promise<StreamEndpoint> {
  return new ConnEndpoint(await Deno.connect({ transport: "unix", path: addr.path }));
}
