import { deepEqual, equal, ok } from "node:assert/strict";
import {
  connectStream,
  readToEnd,
  relayedStreamEcho,
  sequenceBytes,
  writeAll,
} from "../_test_helpers.ts";

for (const transport of ["tcp", "unix"] as const) {
  Deno.test(`${transport} slicer with 1-byte pieces makes every read of the receiver 1 byte`, async () => {
    await using setup = await relayedStreamEcho(transport, [
      { slicer: { min_bytes: 1, max_bytes: 1, delay_ms: 10 }, direction: "to_client" },
    ]);
    using conn = await connectStream(setup.relay.addr);
    const data = sequenceBytes(40);
    await writeAll(conn, data);
    await conn.closeWrite();
    const log = await readToEnd(conn);
    equal(log.error, undefined);
    deepEqual(log.bytes, data);
    deepEqual(log.sizes, new Array(40).fill(1));
    const splits = setup.events.filter((event) => event.fault === "slicer");
    ok(splits.length >= 1);
    ok(splits.every((event) => event.direction === "to_client"));
    equal(splits.reduce((sum, event) => sum + (event.bytes ?? 0), 0), 40);
  });
}

Deno.test("slicer pieces stay within min_bytes..max_bytes and the bytes stay intact", async () => {
  await using setup = await relayedStreamEcho("tcp", [
    { slicer: { min_bytes: 3, max_bytes: 7, delay_ms: 2 }, direction: "to_client" },
  ]);
  using conn = await connectStream(setup.relay.addr);
  const data = sequenceBytes(150);
  await writeAll(conn, data);
  await conn.closeWrite();
  const log = await readToEnd(conn);
  deepEqual(log.bytes, data);
  // The receiver saw many small reads, not the echo server's few large writes.
  ok(log.sizes.length > 150 / 7 / 2, `read sizes ${log.sizes}`);
  // Every piece but the last of each relay read is 3..7 bytes.
  for (const event of setup.events.filter((e) => e.fault === "slicer")) {
    const sizes = event.detail.split(": ")[1].split(", ").map(Number);
    equal(sizes.reduce((a, b) => a + b, 0), event.bytes);
    ok(sizes.slice(0, -1).every((size) => size >= 3 && size <= 7), event.detail);
  }
});

Deno.test("slicer from_bytes passes the first bytes whole, then slices", async () => {
  await using setup = await relayedStreamEcho("tcp", [
    { slicer: { max_bytes: 1, delay_ms: 10 }, direction: "to_client", from_bytes: 10 },
  ]);
  using conn = await connectStream(setup.relay.addr);
  const data = sequenceBytes(20);
  await writeAll(conn, data);
  await conn.closeWrite();
  const log = await readToEnd(conn);
  deepEqual(log.bytes, data);
  ok(log.sizes[0] >= 10, `first read ${log.sizes[0]} bytes`);
  deepEqual(log.sizes.slice(-9), new Array(9).fill(1));
  ok(setup.events.some((event) => event.detail === "starts acting at byte 10"));
});
