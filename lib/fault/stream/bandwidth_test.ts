import { deepEqual, ok } from "node:assert/strict";
import {
  connectStream,
  readToEnd,
  relayedStreamEcho,
  sequenceBytes,
  writeAll,
} from "../_test_helpers.ts";

Deno.test("bandwidth paces a transfer to at most bytes_per_second", async () => {
  const rate = 256 * 1024;
  await using setup = await relayedStreamEcho("tcp", [
    { bandwidth: { bytes_per_second: "256KiB" }, direction: "to_client" },
  ]);
  using conn = await connectStream(setup.relay.addr);
  const data = sequenceBytes(64 * 1024);
  const started = performance.now();
  const reading = readToEnd(conn);
  await writeAll(conn, data);
  await conn.closeWrite();
  const log = await reading;
  const elapsedMs = performance.now() - started;
  deepEqual(log.bytes, data);
  // The first 20 ms slice leaves at once, every later byte waits for its turn.
  const sliceBytes = Math.ceil(rate * 20 / 1000);
  const minMs = (data.length - sliceBytes) * 1000 / rate;
  ok(elapsedMs >= minMs, `took ${elapsedMs.toFixed(1)} ms, expected >= ${minMs.toFixed(1)}`);
  ok(
    setup.events.some((event) =>
      event.fault === "bandwidth" && /at 262144 B\/s/.test(event.detail)
    ),
  );
});
