import assert from "node:assert/strict";
import type { RecordEvent, TimingSummary } from "../record/event.ts";
import { explainSlowRounds } from "./_stall.ts";

function timing(minMs: number, p50Ms: number, maxMs: number): TimingSummary {
  const us = (ms: number) => ms * 1000;
  return {
    what: "round trip",
    count: 200,
    minMicros: us(minMs),
    p50Micros: us(p50Ms),
    p90Micros: us(maxMs),
    p99Micros: us(maxMs),
    maxMicros: us(maxMs),
  };
}

function connected(to: string): RecordEvent[] {
  return [{ timeMicros: 0, peer: "client", kind: "connect", detail: `x -> ${to}` }];
}

Deno.test("explainSlowRounds() names a Nagle/delayed-ACK stall on TCP", () => {
  const why = explainSlowRounds(timing(0.2, 44, 48), "client", connected("127.0.0.1:7000"));
  assert.match(why ?? "", /Nagle\/delayed-ACK stall/);
});

Deno.test("explainSlowRounds() does not blame Nagle on a Unix socket", () => {
  const why = explainSlowRounds(timing(0.2, 44, 48), "client", connected("/tmp/echo.sock"));
  assert.equal(why, undefined);
});

Deno.test("explainSlowRounds() says the peer holds every answer when all rounds are slow", () => {
  const why = explainSlowRounds(timing(20.1, 20.5, 22), "client", connected("/tmp/echo.sock"));
  assert.match(why ?? "", /even the fastest round took 20\.1 ms/);
});

Deno.test("explainSlowRounds() says nothing of rounds slow now and then", () => {
  assert.equal(
    explainSlowRounds(timing(0.1, 25, 90), "client", connected("/tmp/e.sock")),
    undefined,
  );
});
