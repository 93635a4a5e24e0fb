import assert from "node:assert/strict";
import { firstDifference, formatDiff } from "./diff.ts";

const enc = (text: string) => new TextEncoder().encode(text);
// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** Index of the first `^` pair and of the last `^` on the caret line. */
function carets(text: string): { hex: number; text: number } {
  const line = text.split("\n").find((l) => /^\s+\^\^/.test(l));
  assert.ok(line, `no caret line in:\n${text}`);
  return { hex: line.indexOf("^^"), text: line.lastIndexOf("^") };
}

Deno.test("firstDifference finds the first differing byte or the end of the shorter side", () => {
  assert.equal(firstDifference(enc("HELLO"), enc("HELxO")), 3);
  assert.equal(firstDifference(enc("HELLO"), enc("HELLO!")), 5);
  assert.equal(firstDifference(enc(""), enc("a")), 0);
  assert.equal(firstDifference(enc("same"), enc("same")), undefined);
});

Deno.test("formatDiff shows a one-row difference as expected and received rows with carets", () => {
  const text = formatDiff(enc("HELLO\n"), enc("hello\n"));
  assert.equal(
    text,
    [
      "first difference at offset 0 (0x0); expected 6 bytes, received 6 bytes",
      "  offset    hex                                               text",
      "* 00000000  48 45 4c 4c 4f 0a                                 |HELLO.|            expected",
      "* 00000000  68 65 6c 6c 6f 0a                                 |hello.|            received",
      "            ^^                                                 ^",
    ].join("\n"),
  );
});

Deno.test("formatDiff points the carets at the differing byte in both columns", () => {
  const expected = enc("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
  const received = enc("GET / HTTP/1.1\r\nHost: b\r\n\r\n");
  const text = formatDiff(expected, received);
  assert.match(text, /^first difference at offset 22 \(0x16\); expected 27 bytes, received 27/);
  const lines = text.split("\n");
  const receivedRow = lines.find((l) => l.endsWith("received"))!;
  const at = carets(text);
  // Offset 22 is byte 6 of row 0x10: hex "62" ('b') and text "b".
  assert.equal(receivedRow.slice(at.hex, at.hex + 2), "62");
  assert.equal(receivedRow[at.text], "b");
  // The identical first row is shown once, labelled both and unmarked.
  assert.equal(
    lines[2],
    "  00000000  47 45 54 20 2f 20 48 54  54 50 2f 31 2e 31 0d 0a  |GET / HTTP/1.1..|  both",
  );
});

Deno.test("formatDiff marks the end of the shorter side as the first difference", () => {
  const text = formatDiff(enc("abc"), enc("abcdef"));
  assert.match(text, /^first difference at offset 3 \(0x3\); expected 3 bytes, received 6 bytes/);
  const receivedRow = text.split("\n").find((l) => l.endsWith("received"))!;
  assert.equal(receivedRow.slice(carets(text).hex, carets(text).hex + 2), "64");
});

Deno.test("formatDiff with nothing received shows only the expected row", () => {
  const text = formatDiff(enc("abc"), new Uint8Array());
  const lines = text.split("\n");
  assert.equal(lines[0], "first difference at offset 0 (0x0); expected 3 bytes, received 0 bytes");
  assert.equal(lines.filter((l) => l.endsWith("received")).length, 0);
  assert.equal(lines.filter((l) => l.endsWith("expected")).length, 1);
});

Deno.test("formatDiff shows a window around the first difference and counts the rows left out", () => {
  const expected = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);
  const received = expected.slice();
  received[500] = 0;
  const lines = formatDiff(expected, received).split("\n");
  assert.equal(
    lines[0],
    "first difference at offset 500 (0x1f4); expected 1000 bytes, received 1000 bytes",
  );
  // 1000 bytes are 63 rows; the difference is in row 31; rows 29..36 are shown.
  assert.equal(lines[2], "  … 29 rows above not shown");
  assert.ok(lines[3].startsWith("  000001d0  "));
  assert.equal(lines.at(-1), "  … 26 rows below not shown");
  assert.deepEqual(
    lines.filter((l) => l.startsWith("*")).map((l) => l.slice(2, 10)),
    ["000001f0", "000001f0"],
  );
});

Deno.test("formatDiff honours rowsBefore, rowsAfter and bytesPerRow", () => {
  const expected = new Uint8Array(64);
  const received = expected.slice();
  received[40] = 1;
  const lines = formatDiff(expected, received, { bytesPerRow: 8, rowsBefore: 1, rowsAfter: 2 })
    .split("\n");
  const offsets = lines.filter((l) => /^[ *] [0-9a-f]{8} /.test(l)).map((l) => l.slice(2, 10));
  assert.deepEqual(offsets, ["00000020", "00000028", "00000028", "00000030"]);
  assert.ok(lines.includes("  … 4 rows above not shown"));
  assert.ok(lines.includes("  … 1 row below not shown"));
});

Deno.test("formatDiff dumps received bytes alone, non-printables as dots", () => {
  const text = formatDiff(undefined, new Uint8Array([0x00, 0x41, 0x7f, 0x80, 0xff, 0x20, 0x7e]));
  assert.equal(
    text,
    [
      "received 7 bytes",
      "  offset    hex                                               text",
      "  00000000  00 41 7f 80 ff 20 7e                              |.A... ~|           received",
    ].join("\n"),
  );
});

Deno.test("formatDiff limits a long dump of one side to the first rows", () => {
  const lines = formatDiff(undefined, new Uint8Array(1024)).split("\n");
  assert.equal(lines.filter((l) => l.endsWith("received")).length, 8);
  assert.equal(lines.at(-1), "  … 56 rows below not shown");
});

Deno.test("formatDiff says when both sides are equal", () => {
  assert.equal(formatDiff(enc("ab"), enc("ab")).split("\n")[0], "no difference; both 2 bytes");
  assert.equal(formatDiff(new Uint8Array(), new Uint8Array()), "no difference; both 0 bytes");
});

Deno.test("formatDiff colours only the differing bytes, and only when asked", () => {
  const plain = formatDiff(enc("abcd"), enc("abXd"));
  assert.doesNotMatch(plain, ANSI);
  const coloured = formatDiff(enc("abcd"), enc("abXd"), { color: true });
  // deno-lint-ignore no-control-regex
  assert.match(coloured, /\x1b\[32m63\x1b\[39m/); // expected "c" in green
  // deno-lint-ignore no-control-regex
  assert.match(coloured, /\x1b\[31m58\x1b\[39m/); // received "X" in red
  assert.equal(coloured.match(ANSI)?.length, 8); // two bytes, hex and text, open and close
  assert.equal(coloured.replace(ANSI, ""), plain);
});

Deno.test("formatDiff of the start of a longer datagram says how much of it is shown", () => {
  const start = new Uint8Array(256);
  assert.equal(
    formatDiff(undefined, start, { receivedBytes: 65507 }).split("\n")[0],
    "received first 256 of 65507 bytes",
  );
  assert.equal(
    formatDiff(undefined, start, { receivedBytes: 256 }).split("\n")[0],
    "received 256 bytes",
  );
});
