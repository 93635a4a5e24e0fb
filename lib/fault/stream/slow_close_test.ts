import { deepEqual, equal, ok } from "node:assert/strict";
import { connectStream, readExactly, relayedStreamEcho, writeAll } from "../_test_helpers.ts";

Deno.test("slow_close delays the FIN but not the data", async () => {
  await using setup = await relayedStreamEcho("tcp", [
    { slow_close: { delay_ms: 200 }, direction: "to_server" },
  ]);
  using conn = await connectStream(setup.relay.addr);
  await writeAll(conn, new Uint8Array([1, 2, 3]));
  deepEqual(await readExactly(conn, 3), new Uint8Array([1, 2, 3]));
  const closedAt = performance.now();
  await conn.closeWrite();
  // The echo server answers EOF with EOF, once the relay has passed the FIN on.
  equal(await conn.read(new Uint8Array(8)), null);
  const elapsedMs = performance.now() - closedAt;
  ok(elapsedMs >= 200, `EOF after ${elapsedMs.toFixed(1)} ms, expected >= 200`);
  ok(
    setup.events.some((event) => event.detail === "delayed the end of the stream (FIN) by 200 ms"),
  );
});
