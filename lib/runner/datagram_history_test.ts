import assert from "node:assert/strict";
import {
  DatagramHistory,
  HISTORY_BUDGET_BYTES,
  HISTORY_DATAGRAMS,
  HISTORY_PAYLOAD_BYTES,
} from "./datagram_history.ts";

const text = (s: string) => new TextEncoder().encode(s);

function sentAll(...payloads: string[]): DatagramHistory {
  const history = new DatagramHistory();
  for (const p of payloads) history.sent(text(p));
  return history;
}

Deno.test("datagrams sent are numbered from #0, as sequence numbers are", () => {
  const history = new DatagramHistory();
  assert.equal(history.sent(text("a")).number, 0);
  assert.equal(history.sent(text("b")).number, 1);
  assert.equal(history.sentCount, 2);
});

Deno.test("an echo is matched to the earliest datagram sent with its bytes that has none yet", () => {
  // The same payload sent twice (a retry): the second copy back is the echo of the second send.
  const history = sentAll("two", "two");
  assert.deepEqual(history.received(text("two")).match, { kind: "echo", sent: 0 });
  assert.deepEqual(history.received(text("two")).match, { kind: "echo", sent: 1 });
  assert.deepEqual(history.unechoed(), []);
  assert.equal(history.matchedCount, 2);
});

Deno.test("a datagram that comes back again after its echo is a duplicate", () => {
  const history = sentAll("a", "bbbbb", "ccccccccc");
  history.received(text("a"));
  history.received(text("bbbbb"));
  const again = history.received(text("bbbbb"));
  assert.deepEqual(again.match, { kind: "duplicate", sent: 1 });
  assert.equal(again.number, 2);
  assert.deepEqual(history.anomalies.duplicated, [1]);
  assert.equal(history.anomalies.duplicatedCount, 1);
  assert.deepEqual(history.unechoed().map((s) => s.number), [2]);
});

Deno.test("consecutive datagrams sent that come back as one are merged", () => {
  const history = sentAll("a", "bbbbb", "ccccccccc");
  history.received(text("a"));
  assert.deepEqual(history.received(text("bbbbbccccccccc")).match, {
    kind: "merged",
    sent: [1, 2],
  });
  assert.deepEqual(history.anomalies.merged, [[1, 2]]);
  assert.deepEqual(history.unechoed(), []);
});

Deno.test("datagrams sent apart do not make a merge unless they are consecutive", () => {
  const history = sentAll("a", "bbbbb", "ccccccccc");
  assert.equal(history.received(text("accccccccc")).match, undefined);
  assert.equal(history.anomalies.mergedCount, 0);
});

Deno.test("the first bytes of a datagram are a part: truncated or split", () => {
  const history = sentAll("a", "bbbbb");
  history.received(text("a"));
  assert.deepEqual(history.received(text("bb")).match, { kind: "part", sent: 1, buffer: false });
  assert.deepEqual(history.anomalies.parts, [1]);
});

Deno.test("a part that filled the receive buffer was cut by it: no anomaly", () => {
  const history = sentAll("0123456789abcdef-and-the-rest", "next");
  assert.deepEqual(history.received(text("0123456789abcdef"), 16).match, {
    kind: "part",
    sent: 0,
    buffer: true,
  });
  assert.equal(history.anomalies.partsCount, 0);
  assert.deepEqual(history.received(text("next"), 16).match, { kind: "echo", sent: 1 });
});

Deno.test("the last bytes of a datagram on their own make it split, after its part or alone", () => {
  const history = sentAll("bbbbb", "two");
  history.received(text("bb"));
  assert.deepEqual(history.received(text("bbb")).match, { kind: "rest", sent: 0 });
  // The start of "two" was lost: its end alone still says it was split.
  assert.deepEqual(history.received(text("wo")).match, { kind: "rest", sent: 1 });
  const a = history.anomalies;
  assert.deepEqual([a.parts, a.partsCount, a.split, a.splitCount], [[], 0, [0, 1], 2]);
});

Deno.test("an empty datagram is the echo of an empty one, not a part of any other", () => {
  const history = sentAll("abc", "");
  assert.deepEqual(history.received(new Uint8Array(0)).match, { kind: "echo", sent: 1 });
  assert.deepEqual(history.received(new Uint8Array(0)).match, { kind: "duplicate", sent: 1 });
  assert.equal(sentAll("abc").received(new Uint8Array(0)).match, undefined);
  assert.deepEqual(history.unechoed().map((s) => s.number), [0]);
});

Deno.test("what a peer that is no echo sends matches nothing sent", () => {
  const history = sentAll("set k 0 0 1\r\nv\r\n", "get k\r\n");
  for (const reply of ["STORED\r\n", "VALUE k 0 1\r\nv\r\nEND\r\n", "STORED\r\n"]) {
    assert.equal(history.received(text(reply)).match, undefined);
  }
  assert.equal(history.matchedCount, 0);
  assert.equal(history.receivedCount, 3);
  assert.equal(history.anomalies.duplicatedCount, 0);
});

Deno.test("the history keeps the last datagrams sent, within its byte budget", () => {
  const history = new DatagramHistory();
  for (let i = 0; i < HISTORY_DATAGRAMS + 10; i++) history.sent(text(`datagram ${i}`));
  assert.equal(history.sentKept.length, HISTORY_DATAGRAMS);
  assert.equal(history.sentKept[0].number, 10);
  assert.equal(history.sentCount, HISTORY_DATAGRAMS + 10);

  const big = new DatagramHistory();
  for (let i = 0; i < 20; i++) big.sent(new Uint8Array(HISTORY_PAYLOAD_BYTES + 1000).fill(i));
  const kept = big.sentKept.reduce((sum, s) => sum + s.bytes.length, 0);
  assert.ok(kept <= HISTORY_BUDGET_BYTES, `${kept} bytes kept`);
  assert.equal(big.sentKept.length, HISTORY_BUDGET_BYTES / HISTORY_PAYLOAD_BYTES);
  assert.equal(big.sentKept[0].length, HISTORY_PAYLOAD_BYTES + 1000);
  // A long datagram is known by its kept start and its length.
  const last = new Uint8Array(HISTORY_PAYLOAD_BYTES + 1000).fill(19);
  assert.deepEqual(big.received(last).match, { kind: "echo", sent: 19 });
});
