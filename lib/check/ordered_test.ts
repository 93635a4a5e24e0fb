import assert from "node:assert/strict";
import { ordered } from "./ordered.ts";
import { datagrams, input, stream } from "./_testing.ts";

Deno.test("ordered fails a stream with bytes that arrived after later ones", () => {
  assert.equal(ordered(input([stream()]), { count: 0 }).ok, true);
  assert.equal(ordered(input([stream({ reorderedBytes: 16 })]), { count: 0 }).ok, false);
});

Deno.test("ordered counts datagrams that arrived below the highest sequence number", () => {
  const flow = datagrams({ reordered: 5 });
  assert.equal(ordered(input([], [flow]), { fraction: 0.05 }).ok, true);
  const verdict = ordered(input([], [flow]), { count: 4 });
  assert.equal(verdict.ok, false);
  assert.equal(verdict.detail, "client/main: 5 of 100 received datagrams reordered; limit 4");
});
