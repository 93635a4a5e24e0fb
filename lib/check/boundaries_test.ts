import assert from "node:assert/strict";
import { boundaries } from "./boundaries.ts";
import { datagrams, input, stream } from "./_testing.ts";

Deno.test("boundaries passes whole datagrams and fails truncated or merged ones", () => {
  assert.equal(boundaries(input([], [datagrams()]), { count: 0 }).ok, true);
  const verdict = boundaries(input([], [datagrams({ truncated: 2 })]), { count: 0 });
  assert.equal(verdict.ok, false);
  assert.match(verdict.detail, /2 of 100 datagrams not whole \(truncated or merged\)/);
});

Deno.test("boundaries finds nothing wrong in a stream: streams keep no boundaries to break", () => {
  assert.equal(boundaries(input([stream({ corruptedBytes: 5 })]), { count: 0 }).ok, true);
});
