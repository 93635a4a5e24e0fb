import { deepEqual, equal } from "node:assert/strict";
import {
  collectDatagrams,
  relayedDatagramEcho,
  sendSeqDatagrams,
  seqOf,
} from "../_test_helpers.ts";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

for (const transport of ["udp", "unixgram"] as const) {
  Deno.test(`${transport} drop every 3rd of 30 datagrams loses exactly seq 2, 5, ..., 29`, async () => {
    await using setup = await relayedDatagramEcho(transport, [
      { drop: { every: 3 }, direction: "to_server" },
    ]);
    const client = collectDatagrams(await setup.client());
    try {
      const socket = client.socket;
      await sendSeqDatagrams(socket, setup.relay.addr, 30);
      const got = await client.waitFor(30, 300);
      const expectedLost = range(30).filter((seq) => seq % 3 === 2);
      deepEqual(got.map(seqOf), range(30).filter((seq) => seq % 3 !== 2));
      deepEqual(setup.server.received.map(seqOf), range(30).filter((seq) => seq % 3 !== 2));
      const drops = setup.events.filter((event) => event.fault === "drop");
      deepEqual(drops.map((event) => event.seq), expectedLost);
      equal(drops[0].detail, "dropped datagram #2 (16 bytes)");
      equal(setup.relay.stats().faults.drop, 10);
    } finally {
      await client.stop();
    }
  });
}

Deno.test("drop with probability loses exactly the datagrams its events name", async () => {
  await using setup = await relayedDatagramEcho("udp", [
    { drop: { probability: 0.3 }, direction: "to_client" },
  ]);
  const client = collectDatagrams(await setup.client());
  try {
    await sendSeqDatagrams(client.socket, setup.relay.addr, 50);
    const got = await client.waitFor(50, 300);
    const dropped = setup.events.filter((event) => event.fault === "drop").map((e) => e.seq);
    deepEqual(got.map(seqOf), range(50).filter((seq) => !dropped.includes(seq)));
    equal(setup.server.received.length, 50);
  } finally {
    await client.stop();
  }
});
