import { deepEqual, ok } from "node:assert/strict";
import {
  collectDatagrams,
  relayedDatagramEcho,
  sendSeqDatagrams,
  seqDatagram,
  seqOf,
} from "../_test_helpers.ts";

Deno.test("delay adds at least ms to a datagram's round trip", async () => {
  await using setup = await relayedDatagramEcho("udp", [{ delay: { ms: 60 } }]);
  const client = collectDatagrams(await setup.client());
  try {
    const started = performance.now();
    await client.socket.tx.send(seqDatagram(0), setup.relay.addr);
    const got = await client.waitFor(1, 1000);
    const elapsedMs = performance.now() - started;
    deepEqual(got.map(seqOf), [0]);
    // Delayed on the way to the server and on the way back.
    ok(elapsedMs >= 120, `round trip ${elapsedMs.toFixed(1)} ms, expected >= 120`);
  } finally {
    await client.stop();
  }
});

Deno.test("delay of every 2nd datagram lets the next one overtake it", async () => {
  await using setup = await relayedDatagramEcho("unixgram", [
    { delay: { ms: 100 }, every: 2, direction: "to_server" },
  ]);
  const client = collectDatagrams(await setup.client());
  try {
    await sendSeqDatagrams(client.socket, setup.relay.addr, 6);
    const got = await client.waitFor(6, 500);
    const order = got.map(seqOf);
    deepEqual([...order].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5]);
    for (const late of [1, 3, 5]) {
      ok(order.indexOf(late) > order.indexOf(late - 1), `order ${order}`);
    }
    ok(order.indexOf(1) > order.indexOf(2), `#1 should arrive after #2: ${order}`);
  } finally {
    await client.stop();
  }
});
