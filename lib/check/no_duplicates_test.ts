import assert from "node:assert/strict";
import { noDuplicates } from "./no_duplicates.ts";
import { datagrams, input, stream } from "./_testing.ts";

Deno.test("no_duplicates fails a stream with bytes received twice", () => {
  assert.equal(noDuplicates(input([stream()]), { count: 0 }).ok, true);
  const verdict = noDuplicates(input([stream({ duplicatedBytes: 8 })]), { count: 0 });
  assert.equal(verdict.ok, false);
  assert.match(verdict.detail, /8 of 1000 received bytes duplicated/);
});

Deno.test("no_duplicates counts duplicated datagrams against the limit", () => {
  const flow = datagrams({ duplicated: 3, duplicatedSeqs: [1, 2, 3] });
  assert.equal(noDuplicates(input([], [flow]), { count: 3 }).ok, true);
  assert.equal(noDuplicates(input([], [flow]), { count: 2 }).ok, false);
});
