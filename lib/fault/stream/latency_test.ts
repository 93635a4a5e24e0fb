import { deepEqual, ok } from "node:assert/strict";
import {
  connectStream,
  readExactly,
  readToEnd,
  relayedStreamEcho,
  sequenceBytes,
  writeAll,
} from "../_test_helpers.ts";

/** Deno's timers may fire up to about a millisecond early when several are pending. */
const TIMER_SLACK_MS = 2;

Deno.test("latency delays every round trip by at least ms in each direction", async () => {
  await using setup = await relayedStreamEcho("tcp", [{ latency: { ms: 40 } }]);
  using conn = await connectStream(setup.relay.addr);
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    await writeAll(conn, new Uint8Array([round]));
    deepEqual(await readExactly(conn, 1), new Uint8Array([round]));
    const elapsedMs = performance.now() - started;
    ok(
      elapsedMs >= 80 - TIMER_SLACK_MS,
      `round trip ${round} took ${elapsedMs.toFixed(1)} ms, expected >= 80`,
    );
  }
  const delayed = setup.events.filter((event) => event.fault === "latency");
  ok(delayed.some((event) => event.direction === "to_server"));
  ok(delayed.some((event) => event.direction === "to_client"));
});

Deno.test("latency with jitter keeps every byte in order", async () => {
  await using setup = await relayedStreamEcho("unix", [
    { latency: { ms: 5, jitter_ms: 5 } },
    { slicer: { min_bytes: 100, max_bytes: 1000 }, direction: "to_server" },
  ]);
  using conn = await connectStream(setup.relay.addr);
  const data = sequenceBytes(64 * 1024);
  const reading = readToEnd(conn);
  await writeAll(conn, data);
  await conn.closeWrite();
  const log = await reading;
  deepEqual(log.bytes, data);
  const draws = setup.events.filter((event) => event.fault === "latency")
    .map((event) => Number(/by ([\d.]+) ms/.exec(event.detail)?.[1]));
  ok(draws.every((ms) => ms >= 0 && ms <= 10), `delays ${draws}`);
  ok(new Set(draws).size > 1, "jitter should draw different delays");
});
