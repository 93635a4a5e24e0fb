import { deepEqual } from "node:assert/strict";
import {
  collectDatagrams,
  relayedDatagramEcho,
  sendSeqDatagrams,
  seqOf,
} from "../_test_helpers.ts";

Deno.test("reorder holds every 5th datagram until 2 more have passed", async () => {
  await using setup = await relayedDatagramEcho("udp", [
    { reorder: { every: 5, after_datagrams: 2, max_hold_ms: 50 }, direction: "to_server" },
  ]);
  const client = collectDatagrams(await setup.client());
  try {
    await sendSeqDatagrams(client.socket, setup.relay.addr, 20);
    const got = await client.waitFor(20, 500);
    // #19 has no followers: it is released after max_hold_ms.
    const expected = [0, 1, 2, 3, 5, 6, 4, 7, 8, 10, 11, 9, 12, 13, 15, 16, 14, 17, 18, 19];
    deepEqual(setup.server.received.map(seqOf), expected);
    deepEqual(got.map(seqOf), expected);
    const released = setup.events.filter((event) => event.detail.startsWith("released"));
    deepEqual(released.map((event) => event.detail), [
      "released datagram #4 after datagram #6",
      "released datagram #9 after datagram #11",
      "released datagram #14 after datagram #16",
      "released datagram #19 after 50 ms (too few followed)",
    ]);
  } finally {
    await client.stop();
  }
});
