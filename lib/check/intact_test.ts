import assert from "node:assert/strict";
import { intact } from "./intact.ts";
import { datagrams, input, stream } from "./_testing.ts";

Deno.test("intact fails a stream with bytes that match no offset of the pattern", () => {
  assert.equal(intact(input([stream()]), { count: 0 }).ok, true);
  assert.equal(intact(input([stream({ corruptedBytes: 1 })]), { count: 0 }).ok, false);
});

Deno.test("intact counts truncated and corrupted datagrams together", () => {
  const verdict = intact(input([], [datagrams({ truncated: 1, corrupted: 2 })]), { count: 0 });
  assert.equal(verdict.ok, false);
  assert.match(verdict.detail, /3 of 100 datagrams corrupted/);
});
