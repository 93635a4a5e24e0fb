import assert from "node:assert/strict";
import fc from "fast-check";
import { mix32, unmix32 } from "./_mix32.ts";

Deno.test("unmix32() inverts mix32()", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0xffffffff }), (x) => {
      assert.equal(unmix32(mix32(x)), x);
      assert.equal(mix32(unmix32(x)), x);
    }),
    { numRuns: 1000 },
  );
  assert.notEqual(mix32(0), 0);
});
