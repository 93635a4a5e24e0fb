import assert from "node:assert/strict";
import { latency } from "./latency.ts";
import type { RecordEvent } from "../record/event.ts";
import type { CheckInput } from "./_types.ts";

function timed(p99Micros: number): CheckInput {
  const event: RecordEvent = {
    timeMicros: 0,
    peer: "client",
    kind: "timing",
    timing: {
      what: "round",
      count: 100,
      minMicros: 100,
      p50Micros: 200,
      p90Micros: 300,
      p99Micros,
      maxMicros: p99Micros + 1,
    },
  };
  return { streams: [], datagrams: [], events: [event] };
}

Deno.test("latency compares percentiles in ms with the bounds", () => {
  assert.equal(latency(timed(900), { p99: 1 }).ok, true);
  const verdict = latency(timed(1500), { p50: 1, p99: 1 });
  assert.equal(verdict.ok, false);
  assert.equal(verdict.detail, "client: p99 1.500 ms > 1 ms");
});

Deno.test("latency without a measured repeat fails rather than passes", () => {
  const verdict = latency({ streams: [], datagrams: [], events: [] }, { max: 10 });
  assert.equal(verdict.ok, false);
  assert.match(verdict.detail, /no repeat step with measure: true ran/);
});

function timings(p99sMicros: number[]): RecordEvent[] {
  return p99sMicros.map((p99, i) =>
    ({
      peer: `client#${i + 1}`,
      kind: "timing",
      timeMicros: 0,
      timing: {
        what: "round",
        count: 100,
        minMicros: 10,
        p50Micros: 50,
        p90Micros: 90,
        p99Micros: p99,
        maxMicros: p99 + 1,
      },
    }) as RecordEvent
  );
}

const input = (events: RecordEvent[]) => ({ streams: [], datagrams: [], events });

Deno.test("latency names the worst figures of many timed clients on one short line", () => {
  const events = timings(Array.from({ length: 130 }, (_, i) => 1000 + i));
  const verdict = latency(input(events), { p99: 5 });
  assert.equal(verdict.ok, true);
  assert.equal(
    verdict.detail,
    "130 timings of 100 rounds, worst p50 0.050 ms (client#130), p90 0.090 ms (client#130), p99 1.129 ms (client#130), max 1.130 ms (client#130)",
  );
});

Deno.test("latency over budget in many clients lists three and counts the rest", () => {
  const events = timings(Array.from({ length: 130 }, () => 9000));
  const verdict = latency(input(events), { p99: 5 });
  assert.equal(verdict.ok, false);
  assert.equal(
    verdict.detail,
    "client#1: p99 9.000 ms > 5 ms; client#2: p99 9.000 ms > 5 ms; client#3: p99 9.000 ms > 5 ms; and 127 more",
  );
});

Deno.test("latency of one timing reads as before", () => {
  const verdict = latency(input(timings([2000])), { p99: 5 });
  assert.equal(verdict.ok, true);
  assert.equal(
    verdict.detail,
    "100 rounds: p50 0.050 ms, p90 0.090 ms, p99 2.000 ms, max 2.001 ms",
  );
});
