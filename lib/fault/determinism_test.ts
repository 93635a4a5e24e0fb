import { deepEqual, notDeepEqual, ok } from "node:assert/strict";
import {
  collectDatagrams,
  connectStream,
  faultDecisions,
  readExactly,
  readToEnd,
  relayedDatagramEcho,
  relayedStreamEcho,
  sendSeqDatagrams,
  sequenceBytes,
  writeAll,
} from "./_test_helpers.ts";
import type { RelayEvent } from "./event.ts";

const DATAGRAM_FAULTS = [
  { drop: { probability: 0.2 } },
  { duplicate: { probability: 0.2 } },
  { truncate: { to_bytes: 8, probability: 0.3 } },
  { reorder: { every: 7, after_datagrams: 1 } },
];

async function datagramRun(seed: number): Promise<Omit<RelayEvent, "timeMicros">[]> {
  await using setup = await relayedDatagramEcho("udp", DATAGRAM_FAULTS, seed);
  const client = collectDatagrams(await setup.client());
  try {
    await sendSeqDatagrams(client.socket, setup.relay.addr, 60, 24);
    await client.waitFor(60, 200);
  } finally {
    await client.stop();
  }
  // The two directions interleave by timing; each direction's decisions are what must repeat.
  const decisions = faultDecisions(setup.events);
  return [
    ...decisions.filter((event) => event.direction === "to_server"),
    ...decisions.filter((event) => event.direction === "to_client"),
  ];
}

Deno.test("the same seed gives identical datagram fault decisions", async () => {
  const first = await datagramRun(7);
  const second = await datagramRun(7);
  ok(first.length > 20, `only ${first.length} decisions`);
  deepEqual(second, first);
});

Deno.test("a different seed gives different datagram fault decisions", async () => {
  const seven = await datagramRun(7);
  const eight = await datagramRun(8);
  const dropped = (events: typeof seven) =>
    events.filter((event) => event.fault === "drop" && event.direction === "to_server")
      .map((event) => event.seq);
  notDeepEqual(dropped(eight), dropped(seven));
});

async function streamRun(seed: number): Promise<Omit<RelayEvent, "timeMicros">[]> {
  await using setup = await relayedStreamEcho("tcp", [
    { slicer: { min_bytes: 1, max_bytes: 9 }, direction: "to_server" },
    { latency: { ms: 1, jitter_ms: 1 }, direction: "to_server" },
  ], seed);
  using conn = await connectStream(setup.relay.addr);
  // Lockstep: one write, then its whole echo, so the relay reads the same chunks every run.
  for (let round = 0; round < 5; round++) {
    const data = sequenceBytes(50 + round);
    await writeAll(conn, data);
    deepEqual(await readExactly(conn, data.length), data);
  }
  await conn.closeWrite();
  await readToEnd(conn);
  return faultDecisions(setup.events).filter((event) => event.direction === "to_server");
}

Deno.test("the same seed gives identical stream fault decisions for the same traffic", async () => {
  const first = await streamRun(3);
  const second = await streamRun(3);
  ok(first.some((event) => event.fault === "slicer"));
  deepEqual(second, first);
  notDeepEqual(await streamRun(4), first);
});

async function toxicityRun(seed: number): Promise<string[]> {
  await using setup = await relayedStreamEcho("unix", [
    { latency: { ms: 1 }, probability: 0.5, direction: "to_server" },
  ], seed);
  for (let i = 0; i < 12; i++) {
    using conn = await connectStream(setup.relay.addr);
    await writeAll(conn, new Uint8Array([i]));
    await conn.closeWrite();
    await readToEnd(conn);
  }
  return setup.events.filter((event) => /appl(y|ies) to connection/.test(event.detail))
    .map((event) => event.detail);
}

Deno.test("probability decides per connection, the same way for the same seed", async () => {
  const first = await toxicityRun(11);
  ok(first.length === 12, `${first.length} decisions`);
  ok(first.some((detail) => detail.startsWith("applies")), first.join("\n"));
  ok(first.some((detail) => detail.startsWith("does not apply")), first.join("\n"));
  deepEqual(await toxicityRun(11), first);
});
