import assert from "node:assert/strict";
import { startPeer } from "./peer_process.ts";
import { measureDatagramThroughput } from "./datagram_throughput.ts";

Deno.test({
  name: "the --ffi udp peer counts datagrams received with recvmmsg and answers sync",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    await using peer = await startPeer("udp", { ffi: true });
    const result = await measureDatagramThroughput(peer, {
      sizeBytes: 1024,
      warmupMs: 0,
      durationMs: 300,
      intervalMs: 100,
    });
    assert.ok(result.receivedDatagrams > 0, "datagrams counted in the window");
    assert.equal(result.bitsPerSecond, result.datagramsPerSecond * 1024 * 8);
    // The sync reply carries the sink's count of everything sent before it.
    assert.ok(result.totalReceived > 0 && result.totalReceived <= result.totalSent);
    assert.ok(result.resources.peerCpuMicros !== undefined);
  },
});

Deno.test({
  name:
    "the --ffi sender sends with sendmmsg and every datagram it counts is one the peer can count",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    for (const ffiPeer of [false, true]) {
      await using peer = await startPeer("udp", { ffi: ffiPeer });
      const result = await measureDatagramThroughput(peer, {
        sizeBytes: 1024,
        warmupMs: 0,
        durationMs: 300,
        intervalMs: 100,
        ffi: true,
      });
      assert.ok(result.sentDatagramsPerSecond > 0, "the sender counted its sends");
      assert.ok(result.receivedDatagrams > 0, "the peer counted datagrams");
      assert.ok(
        result.totalReceived <= result.totalSent,
        `${result.totalReceived} <= ${result.totalSent}`,
      );
    }
  },
});
