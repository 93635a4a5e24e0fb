import { deepEqual, equal } from "node:assert/strict";
import {
  collectDatagrams,
  relayedDatagramEcho,
  sendSeqDatagrams,
  seqDatagram,
  seqOf,
} from "../_test_helpers.ts";

Deno.test("truncate cuts every 2nd datagram to to_bytes and keeps its head", async () => {
  await using setup = await relayedDatagramEcho("udp", [
    { truncate: { to_bytes: 8, every: 2 }, direction: "to_server" },
  ]);
  const client = collectDatagrams(await setup.client());
  try {
    await sendSeqDatagrams(client.socket, setup.relay.addr, 6, 32);
    const got = await client.waitFor(6, 300);
    deepEqual(got.map((d) => d.length), [32, 8, 32, 8, 32, 8]);
    deepEqual(got.map(seqOf), [0, 1, 2, 3, 4, 5]);
    deepEqual(got[1], seqDatagram(1, 32).subarray(0, 8));
    equal(
      setup.events.find((event) => event.fault === "truncate")?.detail,
      "truncated datagram #1 from 32 to 8 bytes",
    );
  } finally {
    await client.stop();
  }
});
