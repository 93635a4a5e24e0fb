/**
 * The memory target: a long TCP stream of the `sequence` pattern sent through an echo peer and
 * checked on return for order, loss, duplication and corruption by the constant-memory
 * `StreamVerifier` of lib/pattern, with the peak RSS of both processes.
 *
 * @module
 */
import { fillPattern, StreamVerifier } from "../pattern/mod.ts";
import type { BenchPeer } from "./peer_process.ts";
import { encodeStreamHeader } from "./peer_protocol.ts";
import type { ProgressSink } from "./progress.ts";
import { readPeakRssKiB, resetPeakRss } from "./proc_stats.ts";
import type { ReportOptions } from "./report_args.ts";
import type { VerifyReport } from "./report_document.ts";
import { writeAll } from "../transport/stream.ts";
import { connectStream } from "./transport.ts";
import { formatSize } from "./sizes.ts";
import { runTool } from "./_spawn.ts";

/** Options of {@linkcode verifyStreamThroughEcho}. */
export interface VerifyStreamOptions {
  /** Bytes to stream. */
  bytes: number;
  /** Bytes per write and per read buffer. @default {262144} */
  chunkBytes?: number;
  /** Seed of the pattern. @default {1} */
  seed?: number;
  /** Called with the verified fraction (0 to 1). */
  onProgress?: (fraction: number) => void;
}

/**
 * Streams `bytes` bytes of the sequence pattern to a stream echo peer, one reused buffer refilled
 * per write, and verifies the echo as it comes back, then half-closes and reads to EOF.
 */
export async function verifyStreamThroughEcho(
  peer: BenchPeer,
  options: VerifyStreamOptions,
): Promise<VerifyReport> {
  const chunkBytes = options.chunkBytes ?? 256 * 1024;
  const seed = options.seed ?? 1;
  await resetPeakRss();
  const conn = await connectStream(peer.address);
  try {
    await writeAll(conn, encodeStreamHeader({ mode: "echo", noDelay: false, ackEveryBytes: 0 }));
    const verifier = new StreamVerifier({ seed, expectedBytes: options.bytes });
    const began = performance.now();
    const writer = (async () => {
      const buffer = new Uint8Array(chunkBytes);
      for (let offset = 0; offset < options.bytes; offset += chunkBytes) {
        const chunk = buffer.subarray(0, Math.min(chunkBytes, options.bytes - offset));
        fillPattern(chunk, { seed, offsetBytes: offset });
        await writeAll(conn, chunk);
      }
      await conn.closeWrite();
    })();
    const readBuffer = new Uint8Array(chunkBytes);
    let lastProgress = 0;
    while (true) {
      const n = await conn.read(readBuffer);
      if (n === null) break;
      verifier.push(readBuffer.subarray(0, n));
      if (verifier.receivedBytes - lastProgress > 64 * 1024 * 1024) {
        lastProgress = verifier.receivedBytes;
        options.onProgress?.(verifier.receivedBytes / options.bytes);
      }
    }
    await writer;
    const seconds = (performance.now() - began) / 1000;
    const summary = verifier.finish();
    const mark = await peer.mark();
    const passed = summary.receivedBytes === options.bytes && summary.lostBytes === 0 &&
      summary.duplicatedBytes === 0 && summary.reorderedBytes === 0 &&
      summary.corruptedBytes === 0;
    return {
      bytes: options.bytes,
      seconds,
      bitsPerSecond: (options.bytes * 8) / seconds,
      clientPeakRssKiB: await readPeakRssKiB(),
      peerPeakRssKiB: mark.peakRssKiB || undefined,
      summary,
      passed,
    };
  } finally {
    conn.close();
  }
}

/**
 * The report's `--verify` step: runs `verify_main.ts` in a new Deno process (with its own TCP echo
 * peer) so that the peak RSS measured is the verification's alone.
 *
 * @throws {ToolError} if the process fails or runs past 10 minutes.
 */
export async function verifyStreamReport(
  options: ReportOptions,
  progress: ProgressSink,
): Promise<VerifyReport> {
  progress.start(`verify ${formatSize(options.verifyBytes)} through tcp echo (own process)`);
  const script = new URL("./verify_main.ts", import.meta.url).pathname;
  const { stdout } = await runTool(
    Deno.execPath(),
    ["run", "--allow-all", script, String(options.verifyBytes)],
    600_000,
  );
  return JSON.parse(stdout.trim().split("\n").pop()!) as VerifyReport;
}
