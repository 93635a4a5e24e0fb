import { deepEqual, equal, ok } from "node:assert/strict";
import { connectStream, readWithin, relayedStreamEcho, writeAll } from "../_test_helpers.ts";

Deno.test("blackhole accepts, swallows the request and never answers", async () => {
  await using setup = await relayedStreamEcho("tcp", [{ blackhole: {} }]);
  using conn = await connectStream(setup.relay.addr);
  await writeAll(conn, new TextEncoder().encode("ping"));
  await conn.closeWrite();
  equal(await readWithin(conn, 300), "timeout");
  // The server got a connection but not one byte, not even the EOF.
  deepEqual(setup.server.reads, [[]]);
  equal(setup.server.endings[0], undefined);
  const swallowed = setup.events.filter((event) => event.fault === "blackhole");
  deepEqual(swallowed.map((event) => event.detail), [
    "swallowed write 0 (4 bytes)",
    "swallowed the end of the stream (FIN)",
  ]);
});

Deno.test("blackhole from_bytes lets the first bytes through, then goes silent", async () => {
  await using setup = await relayedStreamEcho("unix", [
    { blackhole: {}, direction: "to_client", from_bytes: 4 },
  ]);
  using conn = await connectStream(setup.relay.addr);
  await writeAll(conn, new TextEncoder().encode("ping"));
  const first = new Uint8Array(4);
  // The echo of "ping" came back: the relay has passed write 0, so "more" is write 1.
  equal(await conn.read(first), 4);
  await writeAll(conn, new TextEncoder().encode("more"));
  equal(await readWithin(conn, 200), "timeout");
  ok(setup.events.some((event) => event.detail === "swallowed write 1 (4 bytes)"));
});
