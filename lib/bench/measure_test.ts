/**
 * The measurements on real sockets, with short windows. No timing thresholds: the tests check
 * that what was counted is consistent, not how fast it was.
 */
import assert from "node:assert/strict";
import { measureDatagramThroughput } from "./datagram_throughput.ts";
import {
  LOAD_INTERVAL_MS,
  measureEchoCapacity,
  measureLatencyUnderLoad,
} from "./latency_under_load.ts";
import { startPeer } from "./peer_process.ts";
import { measureRoundTrip } from "./round_trip.ts";
import { measureStreamThroughput } from "./stream_throughput.ts";
import { decodeHistogram, summarizeHistogram } from "../common/histogram.ts";

const short = { warmupMs: 100, durationMs: 400, intervalMs: 200 };

for (const transport of ["tcp", "unix"] as const) {
  Deno.test(`measureStreamThroughput on ${transport}: intervals add up to the window's bytes`, async () => {
    await using peer = await startPeer(transport);
    const r = await measureStreamThroughput(peer, { ...short, sizeBytes: 1024, connections: 2 });
    assert.equal(r.connections, 2);
    assert.ok(r.bytes > 0);
    assert.equal(r.intervals.reduce((sum, i) => sum + i.bytes, 0), r.bytes);
    assert.ok(Math.abs(r.bitsPerSecond - (r.bytes * 8) / r.seconds) < 1e-6 * r.bitsPerSecond);
    assert.ok(r.resources.peerCpuMicros >= 0 && r.resources.clientCpuMicros > 0);
    assert.equal((await peer.mark()).connections, 2);
  });
}

for (const transport of ["udp", "unixgram"] as const) {
  Deno.test(`measureDatagramThroughput on ${transport}: received never exceeds sent`, async () => {
    await using peer = await startPeer(transport);
    const dir = await Deno.makeTempDir();
    try {
      const r = await measureDatagramThroughput(peer, {
        ...short,
        sizeBytes: 1024,
        localPath: `${dir}/c.sock`,
      });
      assert.ok(r.totalSent > 0);
      assert.ok(r.totalReceived <= r.totalSent);
      assert.ok(r.lossPercent >= 0 && r.lossPercent <= 100);
      if (transport === "unixgram") assert.equal(r.lossPercent, 0); // unix datagrams block, never drop
      assert.equal(r.bitsPerSecond, (r.receivedDatagrams * 1024 * 8) / r.seconds);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

for (const transport of ["tcp", "unix", "udp", "unixgram"] as const) {
  Deno.test(`measureRoundTrip on ${transport}: the histogram holds every round trip`, async () => {
    await using peer = await startPeer(transport);
    const dir = await Deno.makeTempDir();
    try {
      const r = await measureRoundTrip(peer, {
        ...short,
        sizeBytes: 64,
        localPath: `${dir}/c.sock`,
      });
      assert.ok(r.rtt.count > 0);
      assert.equal(r.halfRtt.p50Micros, r.rtt.p50Micros / 2);
      assert.ok(r.rtt.minMicros <= r.rtt.p50Micros && r.rtt.p50Micros <= r.rtt.maxMicros);
      assert.equal(summarizeHistogram(decodeHistogram(r.histogram)).count, r.rtt.count);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });

  Deno.test(`latency under load on ${transport}: every answer is timed, none beyond what was sent`, async () => {
    await using peer = await startPeer(transport);
    const dir = await Deno.makeTempDir();
    try {
      const options = { ...short, sizeBytes: 64, socketDir: dir };
      const max = await measureEchoCapacity(peer, options);
      assert.ok(max > 0);
      const r = await measureLatencyUnderLoad(peer, {
        ...options,
        maxPerSecond: max,
        fraction: 0.1,
      });
      assert.equal(r.targetPerSecond, Math.max(1, Math.round(max * 0.1)));
      assert.ok(r.sent > 0);
      assert.ok(r.answered <= r.sent);
      assert.equal(r.latency.count, r.answered);
      if (transport !== "udp") assert.equal(r.answered, r.sent);
      // Latency over time: the intervals hold every timed answer, each in its 250 ms slot.
      const counts = r.intervals.map((i) => decodeHistogram(i.histogram).totalCount);
      assert.equal(counts.reduce((a, b) => a + b, 0), r.latency.count);
      assert.deepEqual(
        r.intervals.map((i) => i.startSeconds),
        r.intervals.map((_, k) => (k * LOAD_INTERVAL_MS) / 1000),
      );
      assert.ok(r.intervals.length <= Math.ceil(short.durationMs / LOAD_INTERVAL_MS));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
