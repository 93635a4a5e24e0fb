import assert from "node:assert/strict";
import { DatagramHistory } from "./datagram_history.ts";
import { describeDatagramHistory, diagnoseDatagram } from "./datagram_diagnosis.ts";

const text = (s: string) => new TextEncoder().encode(s);

/** Sends `sent`, receives `received`, and diagnoses the last one against `expected`. */
function diagnose(sent: string[], received: string[], expected?: string): string | undefined {
  const history = new DatagramHistory();
  for (const s of sent) history.sent(text(s));
  let entry;
  for (const r of received) entry = history.received(text(r));
  return diagnoseDatagram(entry!, history, {
    bytes: text(received.at(-1)!),
    ...(expected === undefined ? {} : { expected: { bytes: text(expected) } }),
  });
}

const SENT = ["a", "bbbbb", "ccccccccc"];

Deno.test("the echo of a later datagram than the one expected: that one lost or reordered", () => {
  assert.equal(
    diagnose(SENT, ["a", "ccccccccc"], "bbbbb"),
    "the echo of #2: #1 lost or reordered, not received yet",
  );
});

Deno.test("the echo of an earlier datagram than the one expected says which came first", () => {
  // The scenario expected "d" to overtake "c"; "c" came in the order sent.
  assert.equal(
    diagnose(["a", "b", "c", "d"], ["a", "b", "c"], "d"),
    "the echo of #2, expected only after #3",
  );
});

Deno.test("a datagram received again is a duplicate, before any other reading", () => {
  assert.equal(
    diagnose(SENT, ["a", "bbbbb", "bbbbb"], "ccccccccc"),
    "a duplicate of #1, whose echo came before",
  );
});

Deno.test("consecutive datagrams received as one are merged", () => {
  assert.equal(
    diagnose(SENT, ["a", "bbbbbccccccccc"], "bbbbb"),
    "datagrams #1+#2 merged into one",
  );
});

Deno.test("the first bytes of the expected datagram: truncated or split, with lengths", () => {
  assert.equal(
    diagnose(SENT, ["a", "bb"], "bbbbb"),
    "truncated or split: the first 2 of the 5 bytes of #1",
  );
});

Deno.test("the last bytes of a datagram alone: split", () => {
  assert.equal(
    diagnose(["one", "two"], ["one", "wo"], "two"),
    "split: the last 2 of the 3 bytes of #1",
  );
});

Deno.test("an empty datagram where one was expected: truncated to nothing", () => {
  assert.equal(
    diagnose(SENT, ["a", ""], "bbbbb"),
    "truncated to nothing: the first 0 of the 5 bytes of #1",
  );
});

Deno.test("a datagram cut by the step's own receive buffer says so", () => {
  const history = new DatagramHistory();
  history.sent(text("0123456789abcdef-and-the-rest"));
  const entry = history.received(text("0123456789abcdef"), 16);
  assert.equal(
    diagnoseDatagram(entry, history, {}),
    "the first 16 of the 29 bytes of #0, cut to the 16-byte receive buffer",
  );
});

Deno.test("the start of the expected bytes, with no datagram sent to name: truncated or split", () => {
  // Not an echo: the expected payload was never sent on this socket.
  assert.equal(
    diagnose(["GET"], ["HTTP/1.0 2"], "HTTP/1.0 200 OK"),
    "truncated or split: the first 10 of the 15 expected bytes",
  );
});

Deno.test("a peer that is no echo gets no diagnosis, not a false one", () => {
  assert.equal(
    diagnose(["set k\r\n", "set k\r\n"], ["STORED\r\n", "STORED\r\n"], "NOT_STORED\r\n"),
    undefined,
  );
  assert.equal(diagnose(["a", "bbbbb"], ["a", "BBBBB"], "bbbbb"), undefined);
});

Deno.test("with only a length expected, the datagram of that length is the one waited for", () => {
  const history = new DatagramHistory();
  for (const size of [16, 17, 512]) history.sent(new Uint8Array(size).fill(size));
  history.received(new Uint8Array(16).fill(16));
  history.received(new Uint8Array(17).fill(17));
  const entry = history.received(new Uint8Array(17).fill(17));
  assert.equal(
    diagnoseDatagram(entry, history, { expected: { length: 512 } }),
    "a duplicate of #1, whose echo came before",
  );
  const late = new DatagramHistory();
  for (const size of [16, 17, 512]) late.sent(new Uint8Array(size).fill(size));
  const first = late.received(new Uint8Array(512).fill(512));
  assert.equal(
    diagnoseDatagram(first, late, { expected: { length: 16 } }),
    "the echo of #2: #0 lost or reordered, not received yet",
  );
});

Deno.test("a history says what was sent, received, duplicated, merged, split and lost", () => {
  const history = new DatagramHistory();
  for (let i = 0; i < 12; i++) history.sent(text(`datagram ${i}`));
  history.received(text("datagram 0"));
  history.received(text("datagram 0"));
  history.received(text("datagram 1datagram 2"));
  history.received(text("datag"));
  for (let i = 4; i < 12; i += 2) history.received(text(`datagram ${i}`));
  assert.equal(
    describeDatagramHistory(history, "client/main"),
    "client/main sent 12 datagrams and received 8; #0 duplicated; #1+#2 merged into one; " +
      "#3 truncated or split; #5, #7, #9, #11 (4 of the 12 sent) lost: no echo came",
  );
});

Deno.test("a history of a peer that is no echo, or silent, claims no loss", () => {
  const history = new DatagramHistory();
  history.sent(text("get k\r\n"));
  assert.equal(
    describeDatagramHistory(history, "c/main"),
    "c/main sent 1 datagram and received none",
  );
  history.received(text("END\r\n"));
  assert.equal(describeDatagramHistory(history, "c/main"), "c/main sent 1 datagram and received 1");
});

Deno.test("a long list of lost datagrams is cut, and says how many of how many", () => {
  const history = new DatagramHistory();
  for (let i = 0; i < 200; i++) history.sent(text(`d${i}`));
  history.received(text("d199"));
  assert.match(
    describeDatagramHistory(history, "client/main"),
    /; #72, #73, #74, #75, #76, #77, #78, #79, \.\.\. \(127 of the last 128 sent\) lost: no echo came$/,
  );
});
