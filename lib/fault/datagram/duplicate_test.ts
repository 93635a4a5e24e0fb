import { deepEqual, equal } from "node:assert/strict";
import {
  collectDatagrams,
  relayedDatagramEcho,
  sendSeqDatagrams,
  seqOf,
} from "../_test_helpers.ts";

Deno.test("duplicate every 3rd datagram sends seq 2, 5, ... twice, right after the original", async () => {
  await using setup = await relayedDatagramEcho("udp", [
    { duplicate: { every: 3 }, direction: "to_client" },
  ]);
  const client = collectDatagrams(await setup.client());
  try {
    await sendSeqDatagrams(client.socket, setup.relay.addr, 30);
    const got = await client.waitFor(40, 300);
    const expected = Array.from({ length: 30 }, (_, i) => i)
      .flatMap((seq) => seq % 3 === 2 ? [seq, seq] : [seq]);
    deepEqual(got.map(seqOf), expected);
    equal(setup.server.received.length, 30);
    equal(setup.relay.stats().toClient.forwardedDatagrams, 40);
  } finally {
    await client.stop();
  }
});

Deno.test("duplicate copies: 2 sends three of each selected datagram over unixgram", async () => {
  await using setup = await relayedDatagramEcho("unixgram", [
    { duplicate: { every: 5, copies: 2 }, direction: "to_server" },
  ]);
  const client = collectDatagrams(await setup.client());
  try {
    await sendSeqDatagrams(client.socket, setup.relay.addr, 10);
    const got = await client.waitFor(14, 300);
    deepEqual(got.map(seqOf), [0, 1, 2, 3, 4, 4, 4, 5, 6, 7, 8, 9, 9, 9]);
    equal(
      setup.events.find((event) => event.fault === "duplicate")?.detail,
      "duplicated datagram #4 (16 bytes): 2 extra copies",
    );
  } finally {
    await client.stop();
  }
});
