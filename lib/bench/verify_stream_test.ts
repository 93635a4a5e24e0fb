import assert from "node:assert/strict";
import { startPeer } from "./peer_process.ts";
import { verifyStreamThroughEcho } from "./verify_stream.ts";

Deno.test("verifyStreamThroughEcho finds a TCP echo of 8 MiB whole and in order", async () => {
  await using peer = await startPeer("tcp");
  const report = await verifyStreamThroughEcho(peer, {
    bytes: 8 * 1024 * 1024 + 5,
    chunkBytes: 65536,
  });
  assert.equal(report.passed, true);
  assert.equal((report.summary as { receivedBytes: number }).receivedBytes, 8 * 1024 * 1024 + 5);
  assert.ok((report.clientPeakRssKiB ?? 0) > 0);
});
