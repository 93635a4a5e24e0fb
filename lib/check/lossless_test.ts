import assert from "node:assert/strict";
import { lossless } from "./lossless.ts";
import { datagrams, input, stream } from "./_testing.ts";

Deno.test("lossless passes a stream with no byte lost and fails one with a gap", () => {
  assert.equal(lossless(input([stream()]), { count: 0 }).ok, true);
  const verdict = lossless(input([stream({ lostBytes: 24, firstMismatchAt: 512 })]), { count: 0 });
  assert.equal(verdict.ok, false);
  assert.equal(
    verdict.detail,
    "client/main: 24 of 1000 sent bytes lost, first at received byte 512; limit 0",
  );
});

Deno.test("lossless counts lost datagrams against a count or a percentage", () => {
  const flow = datagrams({ lost: 2, lostSeqs: [4, 9] });
  assert.equal(lossless(input([], [flow]), { count: 2 }).ok, true);
  assert.equal(lossless(input([], [flow]), { fraction: 0.01 }).ok, false);
  assert.match(
    lossless(input([], [flow]), { count: 1 }).detail,
    /2 of 100 sent datagrams lost \(#4, #9\)/,
  );
});

Deno.test("lossless with nothing verified fails rather than passes", () => {
  const verdict = lossless(input([]), { count: 0 });
  assert.equal(verdict.ok, false);
  assert.match(verdict.detail, /^nothing to check/);
});
