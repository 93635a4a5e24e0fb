/**
 * A measurement window seen by the receiving peer: marks at its start, every interval, and its
 * end, taken after a discarded warm-up.
 *
 * @module
 */
import { processCpuMicros } from "./_cpu.ts";
import { sleep } from "./_timeout.ts";
import type { BenchPeer } from "./peer_process.ts";
import type { PeerMark } from "./peer_protocol.ts";

/** Options of {@linkcode markWindow}. */
export interface MarkWindowOptions {
  /** Discarded time before the window, in ms. */
  warmupMs: number;
  /** Length of the window, in ms. */
  durationMs: number;
  /** Time between two interval marks, in ms. @default {1000} */
  intervalMs?: number;
  /** Called with the elapsed fraction of warm-up plus window (0 to 1). */
  onProgress?: (fraction: number) => void;
  /** A counter of the measuring side (messages sent), read at each mark. */
  sampleClient?: () => number;
}

/** The marks of a window and this process's CPU time at its ends. */
export interface MarkedWindow {
  /** Peer marks: the first at the start of the window, the last at its end. */
  marks: PeerMark[];
  /** This process's CPU time at the first and last mark, in µs. */
  clientCpuMicros: [number, number];
  /** This process's `performance.now()` at the first and last mark, in ms. */
  clientTimeMs: [number, number];
  /** `sampleClient()` at the first and last mark (0 without it). */
  clientSamples: [number, number];
}

/**
 * Waits out the warm-up, then marks the peer at the start of the window, every interval and at
 * the end. The traffic runs concurrently (started by the caller).
 */
export async function markWindow(
  peer: BenchPeer,
  options: MarkWindowOptions,
): Promise<MarkedWindow> {
  const intervalMs = options.intervalMs ?? 1000;
  const total = options.warmupMs + options.durationMs;
  const began = performance.now();
  const progress = () => options.onProgress?.(Math.min(1, (performance.now() - began) / total));
  await sleepWithProgress(options.warmupMs, progress);
  const marks: PeerMark[] = [];
  const startCpu = processCpuMicros();
  const sample = options.sampleClient ?? (() => 0);
  const startSample = sample();
  const startMs = performance.now();
  marks.push(await peer.mark());
  const endMs = startMs + options.durationMs;
  while (true) {
    const now = performance.now();
    if (now >= endMs) break;
    const nextMs = Math.min(endMs, startMs + intervalMs * marks.length);
    await sleepWithProgress(nextMs - now, progress);
    marks.push(await peer.mark());
  }
  return {
    marks,
    clientCpuMicros: [startCpu, processCpuMicros()],
    clientTimeMs: [startMs, performance.now()],
    clientSamples: [startSample, sample()],
  };
}

async function sleepWithProgress(ms: number, progress: () => void): Promise<void> {
  const until = performance.now() + ms;
  while (true) {
    progress();
    const left = until - performance.now();
    if (left <= 0) return;
    await sleep(Math.min(left, 250));
  }
}
