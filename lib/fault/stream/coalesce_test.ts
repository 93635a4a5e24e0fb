import { deepEqual, equal, ok } from "node:assert/strict";
import {
  connectStream,
  readExactly,
  relayedStreamEcho,
  sequenceBytes,
  writeAll,
} from "../_test_helpers.ts";

Deno.test("coalesce turns ten 10-byte writes into one 100-byte read at the server", async () => {
  // A slicer before it makes the ten writes, so that none of them can merge in a socket buffer.
  await using setup = await relayedStreamEcho("tcp", [
    { slicer: { min_bytes: 10, max_bytes: 10 }, direction: "to_server" },
    { coalesce: { max_bytes: 100, max_ms: 5000 }, direction: "to_server" },
  ]);
  using conn = await connectStream(setup.relay.addr);
  const data = sequenceBytes(100);
  await writeAll(conn, data);
  deepEqual(await readExactly(conn, 100), data);
  deepEqual(setup.server.reads[0], [100]);
  const flushes = setup.events.filter((event) => event.fault === "coalesce");
  equal(flushes.length, 1);
  equal(flushes[0].bytes, 100);
  equal(flushes[0].detail, "coalesced writes 0-9 (100 bytes) into one write (100 >= 100 bytes)");
});

Deno.test("coalesce forwards what it holds after max_ms", async () => {
  await using setup = await relayedStreamEcho("unix", [
    { coalesce: { max_bytes: 1000, max_ms: 30 }, direction: "to_server" },
  ]);
  using conn = await connectStream(setup.relay.addr);
  const started = performance.now();
  await writeAll(conn, new Uint8Array([1, 2, 3]));
  deepEqual(await readExactly(conn, 3), new Uint8Array([1, 2, 3]));
  const elapsedMs = performance.now() - started;
  ok(elapsedMs >= 30, `echo after ${elapsedMs.toFixed(1)} ms, expected >= 30`);
  ok(setup.events.some((event) => /\(30 ms\)$/.test(event.detail)));
});

Deno.test("coalesce flushes held bytes before the end of the stream", async () => {
  await using setup = await relayedStreamEcho("tcp", [
    { coalesce: { max_bytes: 1000, max_ms: 5000 }, direction: "to_server" },
  ]);
  using conn = await connectStream(setup.relay.addr);
  await writeAll(conn, new Uint8Array([7, 8, 9]));
  await conn.closeWrite();
  deepEqual(await readExactly(conn, 3), new Uint8Array([7, 8, 9]));
  equal(await conn.read(new Uint8Array(8)), null);
  ok(setup.events.some((event) => /\(end of stream\)$/.test(event.detail)));
});
