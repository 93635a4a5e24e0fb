import assert from "node:assert/strict";
import { boundaries } from "./boundaries.ts";
import { datagrams, input, stream } from "./_testing.ts";

Deno.test("boundaries passes whole datagrams and fails truncated or merged ones", () => {
  assert.equal(boundaries(input([], [datagrams()]), { count: 0 }).ok, true);
  const verdict = boundaries(
    input([], [datagrams({
      truncated: 2,
      truncatedSeqs: [{ seq: 3, receivedBytes: 20, sentBytes: 64 }, { seq: 7, receivedBytes: 20 }],
      merged: 1,
      mergedSeqs: [[10, 11]],
    })]),
    { count: 0 },
  );
  assert.equal(verdict.ok, false);
  assert.equal(
    verdict.detail,
    "client/main: 1 of 100 received datagrams merged (#10+#11), " +
      "2 of 100 received datagrams truncated (#3: 20 of 64 bytes, #7: 20 bytes); limit 0",
  );
});

Deno.test("boundaries finds nothing wrong in a stream: streams keep no boundaries to break", () => {
  assert.equal(boundaries(input([stream({ corruptedBytes: 5 })]), { count: 0 }).ok, true);
});
