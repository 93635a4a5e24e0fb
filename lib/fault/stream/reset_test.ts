import { deepEqual, equal, ok } from "node:assert/strict";
import {
  connectStream,
  readToEnd,
  relayedStreamEcho,
  sequenceBytes,
  writeAll,
} from "../_test_helpers.ts";

Deno.test("tcp reset after N bytes: the client reads at most N bytes, then ConnectionReset", async () => {
  await using setup = await relayedStreamEcho("tcp", [
    { reset: { after_bytes: 1000 }, direction: "to_client" },
  ]);
  using conn = await connectStream(setup.relay.addr);
  const reading = readToEnd(conn);
  await writeAll(conn, sequenceBytes(4096)).catch(() => {});
  const log = await reading;
  // The 1000 bytes are queued before the RST, and Linux lets a reader take queued bytes first.
  deepEqual(log.bytes, sequenceBytes(4096).subarray(0, 1000), `read ${log.bytes.length} bytes`);
  ok(log.error instanceof Deno.errors.ConnectionReset, `ended with ${log.error}`);
  const resets = setup.events.filter((event) => event.fault === "reset");
  equal(resets.length, 1);
  equal(resets[0].bytes, 1000 - (resets[0].offset ?? 0));
  ok(/^reset the connection after 1000 bytes/.test(resets[0].detail), resets[0].detail);
  ok(setup.events.some((event) => /RST \(SO_LINGER 0\) to the client/.test(event.detail)));
  await setup.relay.close();
  await setup.server.close();
  // The server's side was reset too.
  equal(setup.server.endings[0], "ConnectionReset");
});

Deno.test("tcp reset with after_bytes 0 resets the connection as soon as it is accepted", async () => {
  await using setup = await relayedStreamEcho("tcp", [{ reset: {} }]);
  using conn = await connectStream(setup.relay.addr);
  const log = await readToEnd(conn);
  equal(log.bytes.length, 0);
  ok(log.error instanceof Deno.errors.ConnectionReset, `ended with ${log.error}`);
});

Deno.test("unix reset after N bytes: the client reads at most N bytes, then EOF or reset", async () => {
  await using setup = await relayedStreamEcho("unix", [
    { reset: { after_bytes: 1000 }, direction: "to_client" },
  ]);
  using conn = await connectStream(setup.relay.addr);
  const reading = readToEnd(conn);
  await writeAll(conn, sequenceBytes(4096)).catch(() => {});
  const log = await reading;
  deepEqual(log.bytes, sequenceBytes(4096).subarray(0, 1000), `read ${log.bytes.length} bytes`);
  ok(
    log.error === undefined || log.error instanceof Deno.errors.ConnectionReset,
    `ended with ${log.error}`,
  );
  ok(setup.events.some((event) => /Unix sockets have no RST/.test(event.detail)));
});
