import assert from "node:assert/strict";
import { intact } from "./intact.ts";
import { datagrams, input, stream } from "./_testing.ts";

Deno.test("intact fails a stream with bytes that match no offset of the pattern", () => {
  assert.equal(intact(input([stream()]), { count: 0 }).ok, true);
  assert.equal(intact(input([stream({ corruptedBytes: 1 })]), { count: 0 }).ok, false);
});

Deno.test("intact names corrupted and truncated datagrams each, out of those received", () => {
  const verdict = intact(input([], [datagrams({ truncated: 1, corrupted: 2 })]), { count: 0 });
  assert.equal(verdict.ok, false);
  assert.equal(
    verdict.detail,
    "client/main: 2 of 100 received datagrams corrupted (bytes altered), " +
      "1 of 100 received datagrams truncated; limit 0",
  );
});
