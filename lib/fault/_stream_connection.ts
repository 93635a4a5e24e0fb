/**
 * One relayed stream connection: the client's socket, the upstream socket, and a pump in each
 * direction that reads, passes the data through the faults, and writes. Half-close is
 * propagated (EOF from one side becomes a write shutdown on the other); an error on either side
 * resets both.
 *
 * @internal
 * @module
 */
import { ConnectionAbortedSignal } from "./_abort.ts";
import type { StreamEndpoint } from "./_endpoint.ts";
import { errorName } from "../common/error_name.ts";
import type { FlowDirection, RelayDirectionStats, RelayEvent } from "./event.ts";
import { buildStreamChain, type IndexedStreamFault } from "./stream/_chain.ts";

/** What a connection needs from the relay. */
export interface StreamConnectionOptions {
  conn: number;
  seed: number;
  /** Faults of each direction, in list order. */
  faults: Record<FlowDirection, readonly IndexedStreamFault[]>;
  emit(event: Omit<RelayEvent, "timeMicros">): void;
  stats: Record<FlowDirection, RelayDirectionStats>;
}

const PEER_NAMES: Record<FlowDirection, [string, string]> = {
  to_server: ["client", "server"],
  to_client: ["server", "client"],
};

/** A client connection and its upstream connection, pumped both ways through the faults. */
export class StreamConnection {
  #client: StreamEndpoint;
  #upstream: StreamEndpoint;
  #options: StreamConnectionOptions;
  #abort = new AbortController();
  #torn = false;
  #closing: Promise<void> = Promise.resolve();
  #acceptedAtMs = performance.now();

  constructor(client: StreamEndpoint, upstream: StreamEndpoint, options: StreamConnectionOptions) {
    this.#client = client;
    this.#upstream = upstream;
    this.#options = options;
  }

  /** Pumps until both directions ended or the connection was torn down; releases both sockets. */
  async run(): Promise<void> {
    await Promise.all([
      this.#pump("to_server", this.#client, this.#upstream),
      this.#pump("to_client", this.#upstream, this.#client),
    ]);
    if (!this.#torn && this.#blackholed()) {
      // A blackhole never answers, not even by closing: hold both sockets until the relay closes.
      this.#emit({ kind: "close", detail: "both directions ended: held open by the blackhole" });
      await new Promise((resolve) => this.#abort.signal.addEventListener("abort", resolve));
    }
    if (!this.#torn) {
      this.#torn = true;
      this.#abort.abort();
      this.#emit({ kind: "close", detail: "both directions ended: closed both sockets" });
      this.#client.close();
      this.#upstream.close();
    }
    await this.#closing;
    await Promise.all([this.#client.closed, this.#upstream.closed]);
  }

  #blackholed(): boolean {
    const { faults } = this.#options;
    return [...faults.to_server, ...faults.to_client].some((f) => f.fault.kind === "blackhole");
  }

  /** Closes both sockets at once (the relay is closing). */
  abort(): void {
    this.#teardown("abort");
  }

  #emit(event: Omit<RelayEvent, "timeMicros" | "conn">): void {
    this.#options.emit({ ...event, conn: this.#options.conn });
  }

  #teardown(how: "reset" | "close" | "abort"): void {
    if (this.#torn) {
      // The relay is closing while a graceful close still waits: cut it short.
      if (how === "abort") {
        this.#client.close();
        this.#upstream.close();
      }
      return;
    }
    this.#torn = true;
    this.#abort.abort();
    const client = this.#client;
    const upstream = this.#upstream;
    if (how === "reset") {
      const done = `${client.reset()} to the client, ${upstream.reset()} to the server`;
      this.#emit({ kind: "close", detail: `reset both sides: ${done}` });
    } else if (how === "close") {
      this.#emit({ kind: "close", detail: "closed both sides (FIN)" });
      this.#closing = Promise.allSettled([client.closeWrite(), upstream.closeWrite()]).then(() => {
        client.close();
        upstream.close();
      });
    } else {
      this.#emit({ kind: "close", detail: "the relay closed: closed both sockets" });
      client.close();
      upstream.close();
    }
  }

  async #pump(direction: FlowDirection, from: StreamEndpoint, to: StreamEndpoint): Promise<void> {
    const stats = this.#options.stats[direction];
    const [sender, receiver] = PEER_NAMES[direction];
    const chain = buildStreamChain(this.#options.faults[direction], {
      write: async (chunk) => {
        await to.write(chunk);
        stats.forwardedBytes += chunk.length;
      },
      end: async () => {
        await to.closeWrite();
        this.#emit({
          kind: "close_write",
          direction,
          detail: `shut down writing to the ${receiver}`,
        });
      },
    }, {
      direction,
      conn: this.#options.conn,
      seed: this.#options.seed,
      signal: this.#abort.signal,
      acceptedAtMs: this.#acceptedAtMs,
      emit: this.#options.emit,
      reset: () => this.#teardown("reset"),
      close: () => this.#teardown("close"),
      fail: (error) => this.#fail(direction, error),
    });
    try {
      for (;;) {
        const chunk = await from.read();
        if (this.#torn) return;
        if (chunk === null) {
          this.#emit({ kind: "eof", direction, detail: `the ${sender} shut down writing (EOF)` });
          await chain.end();
          return;
        }
        stats.receivedBytes += chunk.length;
        await chain.write(chunk);
      }
    } catch (error) {
      this.#fail(direction, error);
    }
  }

  #fail(direction: FlowDirection, error: unknown): void {
    if (this.#torn || error instanceof ConnectionAbortedSignal) return;
    const message = error instanceof Error ? error.message : String(error);
    this.#emit({ kind: "error", direction, detail: `${errorName(error)}: ${message}` });
    this.#teardown("reset");
  }
}
