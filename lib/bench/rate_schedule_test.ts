import assert from "node:assert/strict";
import {
  createRateSchedule,
  intendedSendTimeMs,
  InvalidRateError,
  latencyFromIntendedMs,
  messagesDueBy,
  ratesAtFractions,
} from "./rate_schedule.ts";

Deno.test("intendedSendTimeMs spaces messages by 1000 / rate ms from the start", () => {
  const s = createRateSchedule(100, 4000); // one every 0.25 ms
  assert.equal(intendedSendTimeMs(s, 0), 100);
  assert.equal(intendedSendTimeMs(s, 1), 100.25);
  assert.equal(intendedSendTimeMs(s, 4000), 1100);
});

Deno.test("messagesDueBy counts the messages whose moment has come, 0 before the start", () => {
  const s = createRateSchedule(100, 1000); // one per ms
  assert.equal(messagesDueBy(s, 99.999), 0);
  assert.equal(messagesDueBy(s, 100), 1);
  assert.equal(messagesDueBy(s, 100.999), 1);
  assert.equal(messagesDueBy(s, 101), 2);
  assert.equal(messagesDueBy(s, 1100), 1001);
});

Deno.test("messagesDueBy and intendedSendTimeMs agree at every index", () => {
  const s = createRateSchedule(5, 3000);
  for (let i = 0; i < 1000; i++) {
    const t = intendedSendTimeMs(s, i);
    assert.ok(messagesDueBy(s, t) >= i + 1, `at index ${i}`);
    assert.ok(messagesDueBy(s, t - 1e-6) <= i, `before index ${i}`);
  }
});

Deno.test("latencyFromIntendedMs counts a late send against the message (open loop)", () => {
  const s = createRateSchedule(0, 1000);
  // Message 10 was due at 10 ms; the sender stalled and sent it at 15 ms; the echo came at 15.03.
  assert.equal(latencyFromIntendedMs(s, 10, 15.03), 15.03 - 10);
});

Deno.test("ratesAtFractions rounds rates and rejects fractions outside (0, 1]", () => {
  assert.deepEqual(ratesAtFractions(1000, [0.25, 0.5, 0.75]), [250, 500, 750]);
  assert.deepEqual(ratesAtFractions(3, [0.1]), [1]);
  assert.throws(() => ratesAtFractions(1000, [0]), InvalidRateError);
  assert.throws(() => ratesAtFractions(1000, [1.5]), InvalidRateError);
  assert.throws(() => ratesAtFractions(0, [0.5]), InvalidRateError);
});

Deno.test("createRateSchedule rejects a rate that is not positive and finite", () => {
  assert.throws(() => createRateSchedule(0, 0), InvalidRateError);
  assert.throws(() => createRateSchedule(0, -5), InvalidRateError);
  assert.throws(() => createRateSchedule(0, Infinity), InvalidRateError);
  assert.throws(() => createRateSchedule(0, NaN), InvalidRateError);
});
