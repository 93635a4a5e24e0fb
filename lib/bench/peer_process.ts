/**
 * Starts a bench peer (`peer_main.ts`) in its own Deno process and talks to it over its stdin
 * and stdout.
 *
 * @module
 */
import { LineReader } from "./_line_reader.ts";
import { withTimeout } from "./_timeout.ts";
import type { PeerMark } from "./peer_protocol.ts";
import type { BenchTransport, PeerAddress } from "./transport.ts";

/** The peer script, beside this file. */
const PEER_SCRIPT = new URL("./peer_main.ts", import.meta.url);

/** Options of {@linkcode startPeer}. */
export interface StartPeerOptions {
  /** How long to wait for the peer to listen, in ms. @default {15000} */
  readyTimeoutMs?: number;
  /** How long to wait for an answer to a control command, in ms. @default {10000} */
  commandTimeoutMs?: number;
  /** A udp peer receives through libc's recvmmsg (Deno FFI) instead of Deno's socket. */
  ffi?: boolean;
}

/** A peer process did not start or answered something unexpected. */
export class PeerProcessError extends Error {
  override name = "PeerProcessError";
}

/**
 * A running peer process. Stop it with {@linkcode BenchPeer.stop} (or `await using`); it also
 * exits by itself when its stdin closes, so it does not outlive the process that started it.
 */
export class BenchPeer implements AsyncDisposable {
  /** The peer's transport. */
  readonly transport: BenchTransport;
  /** Where it listens. */
  readonly address: PeerAddress;
  /** Its process id, for `/proc/<pid>`. */
  readonly pid: number;
  #child: Deno.ChildProcess;
  #stdin: WritableStreamDefaultWriter<Uint8Array>;
  #stdout: LineReader;
  #stderr: Promise<string>;
  #tempDir?: string;
  #commandTimeoutMs: number;
  #queue: Promise<unknown> = Promise.resolve();
  #stopped = false;

  constructor(init: {
    transport: BenchTransport;
    address: PeerAddress;
    child: Deno.ChildProcess;
    stdin: WritableStreamDefaultWriter<Uint8Array>;
    stdout: LineReader;
    stderr: Promise<string>;
    tempDir?: string;
    commandTimeoutMs: number;
  }) {
    this.transport = init.transport;
    this.address = init.address;
    this.#child = init.child;
    this.pid = init.child.pid;
    this.#stdin = init.stdin;
    this.#stdout = init.stdout;
    this.#stderr = init.stderr;
    this.#tempDir = init.tempDir;
    this.#commandTimeoutMs = init.commandTimeoutMs;
  }

  /** The peer's counters and resource use now. */
  mark(): Promise<PeerMark> {
    return this.#command("mark", "mark") as Promise<PeerMark>;
  }

  /** Zeroes the peer's byte and datagram counters. */
  async reset(): Promise<void> {
    await this.#command("reset", "reset");
  }

  /**
   * Asks the peer to quit, waits for it (killing it after a bound), and removes its socket
   * directory. Safe to call twice.
   */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    try {
      await this.#stdin.write(new TextEncoder().encode("quit\n"));
      await this.#stdin.close();
    } catch { /* the peer is gone already */ }
    try {
      await withTimeout(this.#child.status, 3000, "the peer to exit");
    } catch {
      this.#child.kill("SIGKILL");
      await this.#child.status;
    }
    await this.#stdout.drain().catch(() => {});
    await this.#stderr;
    if (this.#tempDir) await Deno.remove(this.#tempDir, { recursive: true }).catch(() => {});
  }

  /**
   * Kills the peer and removes its socket directory without waiting: for `unload` handlers,
   * which cannot wait.
   */
  stopSync(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    try {
      this.#child.kill("SIGKILL");
    } catch { /* already exited */ }
    if (this.#tempDir) {
      try {
        Deno.removeSync(this.#tempDir, { recursive: true });
      } catch { /* already removed */ }
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  #command(command: string, key: string): Promise<unknown> {
    const run = async () => {
      await this.#stdin.write(new TextEncoder().encode(command + "\n"));
      const line = await this.#stdout.waitFor(
        (l) => l.startsWith("{"),
        this.#commandTimeoutMs,
        `the peer's answer to "${command}"`,
      );
      const answer = JSON.parse(line);
      if (!(key in answer)) {
        throw new PeerProcessError(`Expected {"${key}": ...} from the peer, found ${line}`);
      }
      return answer[key];
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => {});
    return result;
  }
}

/**
 * Starts a peer process serving `transport` on loopback (tcp, udp) or on a socket path in a new
 * temporary directory (unix, unixgram), and waits until it listens.
 *
 * @throws {PeerProcessError} if the peer exits or prints something else before listening.
 * @throws {BenchTimeoutError} if it does not listen within `readyTimeoutMs`.
 */
export async function startPeer(
  transport: BenchTransport,
  options: StartPeerOptions = {},
): Promise<BenchPeer> {
  const needsPath = transport === "unix" || transport === "unixgram";
  const tempDir = needsPath ? await Deno.makeTempDir({ prefix: "sockspec-bench-" }) : undefined;
  const path = tempDir ? `${tempDir}/peer.sock` : undefined;
  const args = [
    "run",
    "--no-config",
    "--unstable-net",
    "--allow-all",
    PEER_SCRIPT.pathname,
    transport,
    ...(path ? [path] : []),
    ...(options.ffi && transport === "udp" ? ["--ffi"] : []),
  ];
  const child = new Deno.Command(Deno.execPath(), {
    args,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stdout = new LineReader(child.stdout);
  const stderr = new Response(child.stderr).text();
  const stdin = child.stdin.getWriter();
  const peer = (address: PeerAddress) =>
    new BenchPeer({
      transport,
      address,
      child,
      stdin,
      stdout,
      stderr,
      tempDir,
      commandTimeoutMs: options.commandTimeoutMs ?? 10_000,
    });
  let ready: { ready?: boolean; port?: number; path?: string };
  try {
    const line = await stdout.waitFor(
      () => true,
      options.readyTimeoutMs ?? 15_000,
      "the peer to listen",
    );
    ready = JSON.parse(line);
  } catch (error) {
    const placeholder = peer({ transport: "tcp", hostname: "127.0.0.1", port: 0 });
    await placeholder.stop();
    throw new PeerProcessError(
      `Expected the ${transport} peer to print {"ready":true,...}: ${error}; stderr: ${await stderr}`,
    );
  }
  if (transport === "tcp" || transport === "udp") {
    return peer({ transport, hostname: "127.0.0.1", port: ready.port! });
  }
  return peer({ transport, path: ready.path! });
}
