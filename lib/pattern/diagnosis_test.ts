import assert from "node:assert/strict";
import { describeBoundaries, describeCorruption, describeDifference } from "./diagnosis.ts";
import type { DatagramCheckSummary } from "../record/event.ts";

const text = (s: string) => new TextEncoder().encode(s);

Deno.test("describeDifference() names the kind of difference, then quotes both", () => {
  const cases: [string, string, RegExp][] = [
    [
      "hello",
      "HELLO",
      /^the same letters in another case \(5 of 5 bytes differ\); expected "hello"/,
    ],
    ["ping-0123456789\n", "ping-123456789\n", /^1 byte missing at offset 5;/],
    ["0123456789", "012346789a", /^1 byte missing at offset 5;/],
    ["hello world", "hello wworld", /^1 extra byte at offset 7;/],
    ["bbbbb", "bb", /^2 of the 5 expected bytes: cut short;/],
    ["abc", "abcd", /^1 byte more than the 3 expected;/],
    ["0123456789", "0123498765", /^4 of 10 bytes differ, the first at offset 5;/],
  ];
  for (const [expected, received, says] of cases) {
    assert.match(describeDifference(text(expected), text(received)), says);
  }
  assert.match(describeDifference(new Uint8Array([0, 1]), new Uint8Array([0, 2])), /0x0001/);
});

const NONE: DatagramCheckSummary = {
  sent: 10,
  received: 10,
  lost: 0,
  duplicated: 0,
  reordered: 0,
  truncated: 0,
  corrupted: 0,
  lostSeqs: [],
  duplicatedSeqs: [],
};

Deno.test("describeBoundaries() says which datagrams were merged, truncated or split", () => {
  assert.deepEqual(describeBoundaries(NONE), []);
  assert.deepEqual(
    describeBoundaries({
      ...NONE,
      received: 10,
      merged: 1,
      mergedSeqs: [[1, 2]],
      truncated: 1,
      truncatedSeqs: [{ seq: 4, receivedBytes: 32, sentBytes: 64 }],
      split: 1,
      splitSeqs: [{ seq: 6, pieceBytes: [32, 32] }],
    }),
    [
      "1 of 10 received datagrams merged (#1+#2)",
      "1 of 10 received datagrams truncated (#4: 32 of 64 bytes)",
      "1 of 10 sent datagrams split (#6 in 32 + 32 bytes)",
    ],
  );
});

Deno.test("describeCorruption() counts out of the datagrams received, with their numbers", () => {
  assert.equal(describeCorruption(NONE), undefined);
  assert.equal(
    describeCorruption({ ...NONE, received: 20, corrupted: 20, corruptedSeqs: [0, 1] }),
    "20 of 20 received datagrams corrupted (bytes altered: #0, #1, ...)",
  );
});
