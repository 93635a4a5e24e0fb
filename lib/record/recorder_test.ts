import assert from "node:assert/strict";
import { Recorder } from "./recorder.ts";

Deno.test("the recorder stamps events in order with non-decreasing µs times", () => {
  const record = new Recorder();
  record.add({ peer: "client", conn: "main", kind: "connect" });
  record.add({ peer: "client", conn: "main", kind: "send", bytes: 5, offset: 0 });
  record.add({ peer: "server", conn: "main", kind: "receive", bytes: 5, offset: 0 });
  assert.deepEqual(record.events.map((e) => e.kind), ["connect", "send", "receive"]);
  const times = record.events.map((e) => e.timeMicros);
  assert.deepEqual(times, [...times].sort((a, b) => a - b));
});

Deno.test("past the bound only sends and receives are dropped, and every one is still counted", () => {
  const record = new Recorder({ maxOpEvents: 2 });
  for (let i = 0; i < 5; i++) record.add({ peer: "c", conn: "main", kind: "send", bytes: 10 });
  record.add({ peer: "c", conn: "main", kind: "close" });
  for (const bytes of [3, 7, 1]) record.add({ peer: "s", conn: "main", kind: "receive", bytes });
  assert.deepEqual(record.events.map((e) => e.kind), ["send", "send", "close"]);
  assert.equal(record.droppedOpEvents, 6);
  const [client, server] = record.tallies;
  assert.deepEqual([client.sends, client.sentBytes], [5, 50]);
  assert.deepEqual(
    [server.receives, server.receivedBytes, server.minReceiveBytes, server.maxReceiveBytes],
    [3, 11, 1, 7],
  );
});
