/**
 * What a `deno bench` file needs: one peer process per file, started at load time and stopped
 * when the bench process unloads, and a temporary directory for client socket paths.
 *
 * @module
 */
import { type BenchPeer, startPeer } from "./peer_process.ts";
import type { BenchTransport } from "./transport.ts";

/** A peer and the resources to release with it. */
export interface BenchFixture {
  peer: BenchPeer;
  /** A new temporary directory for client socket paths (removed at unload). */
  socketDir: string;
  /** Registers something to close at unload, before the peer is killed. */
  onUnload(close: () => void): void;
}

/**
 * Starts the peer of a bench file and arranges for everything to be released on `unload`
 * (which `deno bench` dispatches after the last bench): registered closers run, the peer is
 * killed and the temporary directories are removed. The peer also exits by itself when the
 * bench process dies, since its stdin then closes.
 */
export async function openBenchFixture(transport: BenchTransport): Promise<BenchFixture> {
  const peer = await startPeer(transport);
  const socketDir = Deno.makeTempDirSync({ prefix: "sockspec-bench-client-" });
  const closers: (() => void)[] = [];
  globalThis.addEventListener("unload", () => {
    for (const close of closers.reverse()) {
      try {
        close();
      } catch { /* already closed */ }
    }
    peer.stopSync();
    try {
      Deno.removeSync(socketDir, { recursive: true });
    } catch { /* already removed */ }
  });
  return { peer, socketDir, onUnload: (close) => closers.push(close) };
}
