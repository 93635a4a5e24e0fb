import assert from "node:assert/strict";
import { IntervalSet } from "./_interval_set.ts";

Deno.test("IntervalSet merges ranges and reports overlaps and gaps", () => {
  const set = new IntervalSet();
  assert.equal(set.add(10, 20), 0);
  assert.equal(set.add(30, 40), 0);
  assert.equal(set.add(20, 30), 0); // touching ranges merge
  assert.equal(set.rangeCount, 1);
  const overlaps: { start: number; end: number }[] = [];
  assert.equal(set.add(35, 45, (r) => overlaps.push(r)), 5);
  assert.deepEqual(overlaps, [{ start: 35, end: 40 }]);
  set.add(50, 60);
  assert.equal(set.countIn(0, 100), 45);
  assert.equal(set.countIn(44, 52), 3);
  assert.ok(set.has(10) && set.has(44) && !set.has(45) && !set.has(9));
  assert.deepEqual(set.gapsBelow(70, 16), {
    bytes: 25,
    ranges: [{ start: 0, end: 10 }, { start: 45, end: 50 }, { start: 60, end: 70 }],
  });
  assert.deepEqual(set.gapsBelow(70, 1).ranges, [{ start: 0, end: 10 }]);
});
