import assert from "node:assert/strict";
import { visible, visibleLine } from "./_visible.ts";

Deno.test("visible escapes what moves the cursor, ends a line or reorders text", () => {
  assert.equal(
    visible("a\x00b\x07c\x1b[2Jd\re\x7ff\x9bg"),
    "a\\x00b\\x07c\\x1b[2Jd\\x0de\\x7ff\\x9bg",
  );
  assert.equal(visible("p\u2028q\u2029r"), "p\\u2028q\\u2029r");
  assert.equal(visible("s\u202et\u2066u\u200fv"), "s\\u202et\\u2066u\\u200fv");
  assert.equal(
    visible("tab\tand\nnewline stay, é and 漢 too"),
    "tab\tand\nnewline stay, é and 漢 too",
  );
  assert.equal(visibleLine("one\ttwo\nthree"), "one\\x09two\\x0athree");
});
