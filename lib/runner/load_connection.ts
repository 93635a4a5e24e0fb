/**
 * One connection of a load test: sends compiled requests and checks their responses byte for
 * byte, with up to `pipeline` requests in flight, at full speed (closed loop: `pipeline`
 * requests written at once, the next batch when all are answered, each request timed from its
 * send) or on a schedule (open loop: each request sent when due if fewer than `pipeline` are in
 * flight, and timed from its intended start, so a stalled server shows as latency instead of a
 * lower rate). Runs inside a load worker.
 *
 * @module
 */
import { connectStream, writeAll } from "../transport/stream.ts";
import type { RequestPlan } from "./load_requests.ts";
import type { IntervalRecorder } from "./load_histogram.ts";

/** What one connection does (structured-clonable: it is posted to a worker). */
export interface ConnectionJob {
  plan: RequestPlan;
  /** Requests to send in all; unlimited (until the end time) when unset. */
  limit?: number;
  /**
   * Open loop: request `j` of this connection is due at `start + (j * connections + index) *
   * 1000 / ratePerSecond`, so the connections share the rate evenly, interleaved.
   */
  schedule?: { index: number; connections: number; ratePerSecond: number };
  /** Requests in flight at most. @default {1} */
  pipeline: number;
  /** Connect anew for each round (the requests of the script once) instead of once. */
  reconnect: boolean;
}

/** Byte counts and the first failure of a connection. */
export interface ConnectionTally {
  sentBytes: number;
  receivedBytes: number;
  firstError?: string;
}

/** The load's clock (`performance.now()` ms) and a watchdog-visible progress mark. */
export interface ConnectionClock {
  startMs: number;
  endMs: number;
}

/** Lets a watchdog close a connection whose response is overdue. */
export interface ConnectionWatch {
  /** `performance.now()` of the last progress while requests are in flight, or undefined. */
  waitingSince?: number;
  conn?: Deno.Conn;
}

const READ_BUFFER_BYTES = 64 * 1024;
/** Pause after a failed connect before the next attempt, so a refused port is not spun on. */
const RECONNECT_PAUSE_MS = 10;

function preview(bytes: Uint8Array): string {
  return JSON.stringify(new TextDecoder().decode(bytes.subarray(0, 40)));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.ceil(ms))));
}

/**
 * Runs one connection until `clock.endMs` or `job.limit` requests, then waits for the requests
 * in flight and closes. Successes and failures go to `recorder`; failures never throw: a broken
 * connection fails its requests in flight and is opened again.
 */
export async function runConnection(
  job: ConnectionJob,
  clock: ConnectionClock,
  recorder: IntervalRecorder,
  tally: ConnectionTally,
  watch: ConnectionWatch,
): Promise<void> {
  const { requests } = job.plan;
  const perRound = requests.length;
  const pipeline = Math.max(1, job.pipeline);
  const starts = new Float64Array(pipeline);
  const buffer = new Uint8Array(READ_BUFFER_BYTES);
  const batch: Uint8Array[] = [];
  const schedule = job.schedule;
  const due = schedule
    ? (j: number) =>
      clock.startMs + ((j * schedule.connections + schedule.index) * 1000) / schedule.ratePerSecond
    : () => 0;
  let sent = 0;
  let done = 0;
  let matched = 0;
  let sentOnConn = 0;
  let conn: Deno.Conn | undefined;
  let reading: Promise<number | null> | undefined;

  const fail = (message: string) => {
    tally.firstError ??= message;
    const now = performance.now();
    for (; done < sent; done++) recorder.fail(now);
    matched = 0;
    reading?.catch(() => {});
    reading = undefined;
    try {
      conn?.close();
    } catch { /* already closed by the watchdog */ }
    conn = watch.conn = undefined;
    watch.waitingSince = undefined;
  };

  while (true) {
    const now = performance.now();
    const stopSending = now >= clock.endMs || (job.limit !== undefined && sent >= job.limit);
    if (stopSending && done === sent) break;
    if (!stopSending && done === sent && job.reconnect && sentOnConn > 0 && sent % perRound === 0) {
      conn?.close();
      conn = watch.conn = undefined;
    }
    if (!conn && !stopSending) {
      try {
        conn = watch.conn = await connectStream(job.plan.endpoint, { noDelay: true });
        sentOnConn = 0;
      } catch (error) {
        tally.firstError ??= `connect: ${(error as Error).message}`;
        recorder.fail(performance.now());
        sent++;
        done++;
        await delay(RECONNECT_PAUSE_MS);
        continue;
      }
    }
    // Send what may go now: up to the pipeline depth, what is due (open loop), within the round
    // when reconnecting per round. A closed loop sends a whole batch once every answer of the
    // last one is in (as redis-benchmark -P does): one write and few reads a batch, and the
    // server reads the batch at once.
    let batchBytes = 0;
    if (!stopSending && (schedule || done === sent)) {
      const sendAt = performance.now();
      while (
        sent - done < pipeline && (job.limit === undefined || sent < job.limit) &&
        due(sent) <= sendAt && !(job.reconnect && sentOnConn > 0 && sent % perRound === 0)
      ) {
        const request = requests[sent % perRound];
        batch.push(request.send);
        batchBytes += request.send.length;
        starts[sent % pipeline] = schedule ? due(sent) : sendAt;
        sent++;
        sentOnConn++;
      }
    }
    if (batch.length > 0) {
      const bytes = batch.length === 1 ? batch[0] : concat(batch, batchBytes);
      batch.length = 0;
      try {
        // The read is asked for before the write, so the response finds it waiting.
        reading ??= conn!.read(buffer);
        const written = conn!.write(bytes);
        if ((await written) < bytes.length) await writeAll(conn!, bytes.subarray(await written));
        tally.sentBytes += bytes.length;
      } catch (error) {
        fail(`send: ${(error as Error).message}`);
        continue;
      }
    }
    if (done === sent) {
      if (schedule && !stopSending) await delay(Math.min(due(sent), clock.endMs) - now);
      continue;
    }
    watch.waitingSince ??= performance.now();
    reading ??= conn!.read(buffer);
    let count: number | null;
    if (schedule && !stopSending && sent - done < pipeline) {
      // Open loop with room in the pipeline: the next request may fall due before a response.
      const wait = Math.min(due(sent), clock.endMs) - performance.now();
      const raced = await Promise.race([reading, delay(wait).then(() => -1)]).catch((e) =>
        e as Error
      );
      if (raced === -1) continue;
      if (raced instanceof Error) {
        fail(`receive: ${raced.message}`);
        continue;
      }
      count = raced as number | null;
    } else {
      try {
        count = await reading;
      } catch (error) {
        fail(`receive: ${(error as Error).message}`);
        continue;
      }
    }
    reading = undefined;
    if (count === null) {
      fail(`receive: the server closed the connection with ${sent - done} requests in flight`);
      continue;
    }
    tally.receivedBytes += count;
    const endMs = performance.now();
    watch.waitingSince = endMs;
    let at = 0;
    while (at < count) {
      if (done === sent) {
        fail(`receive: ${count - at} bytes arrived that no request asked for`);
        break;
      }
      const request = requests[done % perRound];
      const expected = request.response;
      const take = Math.min(count - at, expected.length - matched);
      let i = 0;
      while (i < take && buffer[at + i] === expected[matched + i]) i++;
      if (i < take) {
        fail(
          `${request.at}: response byte ${matched + i} is 0x${
            buffer[at + i].toString(16).padStart(2, "0")
          }, expected 0x${expected[matched + i].toString(16).padStart(2, "0")} (response ${
            preview(expected)
          })`,
        );
        break;
      }
      matched += take;
      at += take;
      if (matched === expected.length) {
        recorder.record(endMs, endMs - starts[done % pipeline]);
        done++;
        matched = 0;
      }
    }
    if (done === sent) watch.waitingSince = undefined;
  }
  conn?.close();
  watch.conn = undefined;
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
