import { deepEqual, equal, ok } from "node:assert/strict";
import {
  connectStream,
  readToEnd,
  relayedStreamEcho,
  sequenceBytes,
  writeAll,
} from "../_test_helpers.ts";

for (const transport of ["tcp", "unix"] as const) {
  Deno.test(`${transport} close after N bytes: the client reads exactly N bytes, then EOF`, async () => {
    await using setup = await relayedStreamEcho(transport, [
      { close: { after_bytes: 1000 }, direction: "to_client" },
    ]);
    using conn = await connectStream(setup.relay.addr);
    const data = sequenceBytes(4096);
    const reading = readToEnd(conn);
    await writeAll(conn, data);
    const log = await reading;
    equal(log.error, undefined);
    deepEqual(log.bytes, data.subarray(0, 1000));
    const closes = setup.events.filter((event) => event.fault === "close");
    equal(closes.length, 1);
    ok(/^closed the connection after 1000 bytes/.test(closes[0].detail), closes[0].detail);
  });
}
