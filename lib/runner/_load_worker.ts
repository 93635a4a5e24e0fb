/**
 * A load worker: runs its share of a load test's connections on its own event loop and posts
 * back exact counts and encoded HDR histograms, so the coordinating thread never touches a
 * socket on the measured path.
 *
 * @internal
 * @module
 */
import { type ConnectionJob, type ConnectionWatch, runConnection } from "./load_connection.ts";
import { encodeHistogram, IntervalRecorder } from "./load_histogram.ts";

/** What the coordinator posts to start a worker. */
export interface WorkerStart {
  jobs: ConnectionJob[];
  /** Start of the load, ms since the epoch on the `performance.timeOrigin` clock. */
  startAbsMs: number;
  durationMs: number;
  /** A response overdue by this long fails its connection, in ms. */
  timeoutMs: number;
}

/** What a worker posts back when its connections are done. */
export interface WorkerDone {
  kind: "done";
  completed: number;
  errors: number;
  firstError?: string;
  sentBytes: number;
  receivedBytes: number;
  /** When the last connection finished, ms since the epoch (`performance.timeOrigin` clock). */
  endAbsMs: number;
  /** Total latency histogram, compressed base64 (ns). */
  histogram: string;
  intervals: { completed: number; errors: number; histogram: string }[];
}

/** The running load's clock: a `stop` message moves its end to now. */
let running: { startMs: number; endMs: number } | undefined;

async function run(start: WorkerStart): Promise<WorkerDone> {
  const startMs = start.startAbsMs - performance.timeOrigin;
  const clock = running = { startMs, endMs: startMs + start.durationMs };
  const recorder = new IntervalRecorder(start.startAbsMs);
  const tally = { sentBytes: 0, receivedBytes: 0, firstError: undefined as string | undefined };
  const watches: ConnectionWatch[] = start.jobs.map(() => ({}));
  // One timer watches every connection, instead of a timer a read on the hot path.
  const watchdog = setInterval(() => {
    const now = performance.now();
    for (const watch of watches) {
      if (watch.waitingSince !== undefined && now - watch.waitingSince > start.timeoutMs) {
        tally.firstError ??= `no response within ${start.timeoutMs} ms`;
        watch.waitingSince = undefined;
        try {
          watch.conn?.close();
        } catch { /* closed meanwhile */ }
      }
    }
  }, Math.max(10, start.timeoutMs / 4));
  try {
    const wait = startMs - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
    await Promise.all(
      start.jobs.map((job, i) => runConnection(job, clock, recorder, tally, watches[i])),
    );
  } finally {
    clearInterval(watchdog);
  }
  // Taken before the histograms are encoded, which is not part of the load.
  const endAbsMs = performance.timeOrigin + performance.now();
  return {
    kind: "done",
    completed: recorder.completed,
    errors: recorder.errors,
    firstError: tally.firstError,
    sentBytes: tally.sentBytes,
    receivedBytes: tally.receivedBytes,
    endAbsMs,
    histogram: encodeHistogram(recorder.total()),
    intervals: recorder.intervals.map((i) => ({
      completed: i.completed,
      errors: i.errors,
      histogram: encodeHistogram(i.histogram),
    })),
  };
}

/**
 * The worker's global scope, as much of it as this module uses: a published package may not
 * change the globals' types with a `/// <reference lib="deno.worker" />` directive.
 */
const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<WorkerStart | { kind: "stop" }>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = async (event) => {
  if ("kind" in event.data) {
    if (running) running.endMs = Math.min(running.endMs, performance.now());
    return;
  }
  try {
    scope.postMessage(await run(event.data));
  } catch (error) {
    scope.postMessage({ kind: "failed", message: (error as Error).message });
  }
};
scope.postMessage({ kind: "ready" });
