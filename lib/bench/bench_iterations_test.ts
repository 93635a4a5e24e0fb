import assert from "node:assert/strict";
import { openDatagramBatch, openStreamBatch } from "./bench_iterations.ts";
import { startPeer } from "./peer_process.ts";

for (const transport of ["tcp", "unix"] as const) {
  Deno.test(`a ${transport} stream batch ends when the sink has every byte`, async () => {
    await using peer = await startPeer(transport);
    const batch = await openStreamBatch(peer, { sizeBytes: 1000, count: 30 });
    try {
      assert.equal(batch.bytesPerRun, 30_000);
      await batch.run();
      assert.equal((await peer.mark()).bytes, 30_000);
      await batch.run();
      assert.equal((await peer.mark()).bytes, 60_000);
    } finally {
      batch.close();
    }
  });
}

Deno.test("datagram batches of one peer each count their own datagrams", async () => {
  await using peer = await startPeer("unixgram");
  const dir = await Deno.makeTempDir();
  const small = await openDatagramBatch(peer, { sizeBytes: 64, count: 100, localPath: `${dir}/a` });
  const large = await openDatagramBatch(peer, {
    sizeBytes: 4096,
    count: 10,
    localPath: `${dir}/b`,
  });
  try {
    await small.run();
    await large.run();
    await small.run();
    // Unix datagrams are not dropped: the sender blocks when the queue is full.
    assert.deepEqual(small.totals(), { sent: 200, received: 200 });
    assert.deepEqual(large.totals(), { sent: 10, received: 10 });
  } finally {
    small.close();
    large.close();
    await Deno.remove(dir, { recursive: true });
  }
});
