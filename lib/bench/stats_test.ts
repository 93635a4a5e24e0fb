import assert from "node:assert/strict";
import { spreadOf } from "./stats.ts";

Deno.test("spreadOf gives min, max, mean, median and sample stdev", () => {
  const s = spreadOf([4, 2, 6]);
  assert.equal(s.runs, 3);
  assert.equal(s.min, 2);
  assert.equal(s.max, 6);
  assert.equal(s.mean, 4);
  assert.equal(s.median, 4);
  assert.equal(s.stdev, 2);
  assert.equal(s.relativeStdev, 0.5);
});

Deno.test("spreadOf takes the middle pair's mean as the median of an even count", () => {
  assert.equal(spreadOf([1, 2, 3, 10]).median, 2.5);
});

Deno.test("spreadOf of one run has no deviation, and of none throws", () => {
  assert.equal(spreadOf([7]).stdev, 0);
  assert.throws(() => spreadOf([]), RangeError);
});
