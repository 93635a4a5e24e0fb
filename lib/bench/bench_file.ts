/**
 * The benches of one transport, registered with `Deno.bench`: throughput at each message size
 * (one group, the same bytes or datagrams per iteration, 64 KiB or 1 KiB as the baseline) and
 * round-trip time at 64 B and 1 KiB (one group, 64 B as the baseline). Used by the four
 * `bench/*_bench.ts` files.
 *
 * @module
 */
import {
  type Batch,
  type DatagramBatch,
  openDatagramBatch,
  openStreamBatch,
} from "./bench_iterations.ts";
import { openBenchFixture } from "./bench_fixture.ts";
import { openEchoSession } from "./round_trip.ts";
import { formatSize } from "./sizes.ts";
import { type BenchTransport, isStream, maxPayloadBytes } from "./transport.ts";

/** One throughput bench. */
export interface ThroughputCase {
  sizeBytes: number;
  /** Writes or datagrams per iteration. */
  count: number;
  /** `Deno.bench` `n`: measured iterations. */
  iterations: number;
  baseline?: boolean;
}

/** The sizes of the brief: 64 B, 1 KiB, 64 KiB, 1 MiB; 4 MiB per iteration for streams. */
export const STREAM_CASES: readonly ThroughputCase[] = [
  { sizeBytes: 64, count: 65536, iterations: 8 },
  { sizeBytes: 1024, count: 4096, iterations: 40 },
  { sizeBytes: 64 * 1024, count: 64, iterations: 150, baseline: true },
  { sizeBytes: 1024 * 1024, count: 4, iterations: 150 },
];

/** Datagrams: 4096 per iteration; the sizes a transport cannot carry are listed as ignored. */
export const DATAGRAM_CASES: readonly ThroughputCase[] = [
  { sizeBytes: 64, count: 4096, iterations: 30 },
  { sizeBytes: 1024, count: 4096, iterations: 30, baseline: true },
  { sizeBytes: 64 * 1024, count: 1024, iterations: 30 },
  { sizeBytes: 1024 * 1024, count: 64, iterations: 30 },
];

/** Round-trip sizes; one iteration is one round trip. */
export const ROUND_TRIP_SIZES: readonly number[] = [64, 1024];

/** Round trips measured per size (`n`), after 2000 warm-up ones. */
export const ROUND_TRIP_ITERATIONS = 20_000;

/**
 * Starts the transport's peer and registers its benches. The peer and every connection are
 * released at `unload`; datagram loss totals are printed to stderr then.
 */
export async function registerTransportBenches(transport: BenchTransport): Promise<void> {
  const fixture = await openBenchFixture(transport);
  const stream = isStream(transport);
  const group = stream
    ? `${transport} throughput, 4 MiB per iteration`
    : `${transport} throughput, fixed datagrams per iteration`;
  const datagramBatches: [string, DatagramBatch][] = [];
  for (const c of stream ? STREAM_CASES : DATAGRAM_CASES) {
    const total = formatSize(c.sizeBytes * c.count);
    const verb = stream ? "write" : "send";
    let sizeBytes = c.sizeBytes;
    let label = formatSize(c.sizeBytes);
    if (!stream && c.sizeBytes > maxPayloadBytes(transport)) {
      if (transport === "udp" && c.sizeBytes === 64 * 1024) {
        sizeBytes = maxPayloadBytes("udp");
        label = `${sizeBytes} B (UDP maximum)`;
      } else {
        // deno bench does not list ignored benches: say it on stderr as well.
        console.error(
          `${transport} ${verb} ${label}: not benchmarked, above the ${
            maxPayloadBytes(transport)
          }-byte datagram maximum`,
        );
        Deno.bench({
          name: `${transport} ${verb} ${label}: ignored, above the ${
            maxPayloadBytes(transport)
          }-byte datagram maximum`,
          group,
          ignore: true,
          fn() {},
        });
        continue;
      }
    }
    const name = `${transport} ${verb} ${label} x ${c.count} (${
      stream ? total : formatSize(sizeBytes * c.count)
    })`;
    let batch: Batch;
    if (stream) {
      batch = await openStreamBatch(fixture.peer, { sizeBytes, count: c.count });
    } else {
      const datagramBatch = await openDatagramBatch(fixture.peer, {
        sizeBytes,
        count: c.count,
        localPath: `${fixture.socketDir}/${sizeBytes}.sock`,
      });
      datagramBatches.push([name, datagramBatch]);
      batch = datagramBatch;
    }
    fixture.onUnload(() => batch.close());
    Deno.bench({
      name,
      group,
      baseline: c.baseline,
      n: c.iterations,
      warmup: Math.max(2, Math.ceil(c.iterations / 10)),
      // An async function: deno bench awaits only functions declared async.
      async fn() {
        await batch.run();
      },
    });
  }
  for (const sizeBytes of ROUND_TRIP_SIZES) {
    const session = await openEchoSession(fixture.peer, {
      sizeBytes,
      localPath: `${fixture.socketDir}/rtt-${sizeBytes}.sock`,
    });
    fixture.onUnload(() => void session[Symbol.asyncDispose]());
    Deno.bench({
      name: `${transport} round trip ${formatSize(sizeBytes)}${
        stream && transport === "tcp" ? " (TCP_NODELAY)" : ""
      }`,
      group: `${transport} round trip`,
      baseline: sizeBytes === 64,
      n: ROUND_TRIP_ITERATIONS,
      warmup: 2000,
      async fn() {
        await session.roundTrip();
      },
    });
  }
  if (datagramBatches.length) {
    fixture.onUnload(() => {
      for (const [name, batch] of datagramBatches) {
        const { sent, received } = batch.totals();
        const loss = sent > 0 ? (100 * (sent - received)) / sent : 0;
        console.error(
          `${name}: the peer received ${received} of ${sent} datagrams (${loss.toFixed(2)}% lost)`,
        );
      }
    });
  }
}
