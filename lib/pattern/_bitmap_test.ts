import assert from "node:assert/strict";
import fc from "fast-check";
import { Bitmap } from "./_bitmap.ts";

Deno.test("Bitmap counts members and finds missing ones", () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 2000 }), { maxLength: 300 }), (xs) => {
      const bitmap = new Bitmap();
      for (const x of xs) assert.equal(bitmap.add(x), false);
      for (const x of xs) assert.equal(bitmap.add(x), true);
      const members = new Set(xs);
      assert.equal(bitmap.countIn(0, 3000), members.size);
      assert.equal(bitmap.countIn(5, 1003), xs.filter((x) => x >= 5 && x < 1003).length);
      const missing = [];
      for (let i = 0; i < 2100 && missing.length < 16; i++) if (!members.has(i)) missing.push(i);
      assert.deepEqual(bitmap.missing(0, 2100, 16), missing);
    }),
    { numRuns: 100 },
  );
});
