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
