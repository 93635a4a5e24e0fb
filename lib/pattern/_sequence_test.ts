import assert from "node:assert/strict";
import fc from "fast-check";
import { locateSequence, SEQUENCE_PERIOD_BYTES } from "./_sequence.ts";
import { fillPattern } from "./stream_pattern.ts";

Deno.test("locateSequence() finds the offset of any 8 pattern bytes, whatever their alignment, across the period", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.oneof(
        fc.integer({ min: 0, max: SEQUENCE_PERIOD_BYTES - 1 }),
        fc.integer({ min: SEQUENCE_PERIOD_BYTES - 16, max: SEQUENCE_PERIOD_BYTES - 1 }),
      ),
      (seed, offset) => {
        const bytes = fillPattern(new Uint8Array(8), { seed, offsetBytes: offset });
        assert.equal(locateSequence(bytes, 0, seed), offset);
      },
    ),
    { numRuns: 1000 },
  );
  assert.equal(locateSequence(new Uint8Array(8), 0, 0), -1);
  assert.equal(locateSequence(new Uint8Array(8).fill(0x41), 0, 0), -1);
});
