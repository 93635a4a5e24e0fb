import assert from "node:assert/strict";
import fc from "fast-check";
import { formatSize, parseSize, SizeSyntaxError } from "./size.ts";

Deno.test("parseSize() reads bytes, binary units and decimal units", () => {
  const cases: [string | number, number][] = [
    [0, 0],
    [65536, 65536],
    ["64", 64],
    ["64B", 64],
    ["1KiB", 1024],
    ["1 KiB", 1024],
    [" 2 KiB ", 2048],
    ["1.5MiB", 1572864],
    ["1KB", 1000],
    ["1kB", 1000],
    ["1MB", 1_000_000],
    ["1GiB", 1024 ** 3],
    ["1GB", 1e9],
    ["2TiB", 2 * 1024 ** 4],
    ["0.5 KiB", 512],
    ["1.250KB", 1250],
    ["9007199254740991", Number.MAX_SAFE_INTEGER],
  ];
  for (const [text, bytes] of cases) assert.equal(parseSize(text), bytes, String(text));
});

Deno.test("parseSize() rejects what is not a size, saying what it found and what it accepts", () => {
  const cases: [unknown, RegExp][] = [
    ["-5", /"-5": sizes cannot be negative/],
    [-5, /-5: sizes cannot be negative/],
    ["abc", /"abc": not a number with a unit/],
    ["1 MiBs", /"1 MiBs": unknown unit "MiBs"/],
    ["1mib", /unknown unit "mib"/],
    [NaN, /NaN: not a number/],
    [Infinity, /Infinity: not a finite number/],
    [1.5, /1.5: not a whole number of bytes/],
    ["1.5B", /"1.5B": not a whole number of bytes/],
    ["0.1KiB", /not a whole number of bytes/],
    ["9007199254740992", /larger than Number.MAX_SAFE_INTEGER/],
    [2 ** 60, /larger than Number.MAX_SAFE_INTEGER/],
    ["", /not a number with a unit/],
    ["1e3", /not a number with a unit/],
    ["1,000", /not a number with a unit/],
    [null, /not a number or a string/],
  ];
  for (const [value, reason] of cases) {
    assert.throws(
      () => parseSize(value as string),
      (e) =>
        e instanceof SizeSyntaxError && reason.test(e.message) &&
        e.message.includes('"1KiB"') && e.message.includes("KiB, MiB, GiB"),
      String(value),
    );
  }
});

Deno.test("parseSize() reads every safe integer, with or without a unit", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (n) => {
      assert.equal(parseSize(n), n);
      assert.equal(parseSize(String(n)), n);
      assert.equal(parseSize(`${n} B`), n);
      assert.equal(parseSize(`${n}KiB`), n * 1024);
      assert.equal(parseSize(`${n}KB`), n * 1000);
    }),
    { numRuns: 100 },
  );
});

Deno.test("formatSize() picks the largest binary unit with at most two decimals", () => {
  const cases: [number, string][] = [
    [0, "0 B"],
    [17, "17 B"],
    [1023, "1023 B"],
    [1024, "1 KiB"],
    [1536, "1.5 KiB"],
    [1048576, "1 MiB"],
    [1048575, "1 MiB"],
    [1536000, "1.46 MiB"],
    [1024 ** 3, "1 GiB"],
    [5 * 1024 ** 4, "5 TiB"],
  ];
  for (const [bytes, text] of cases) assert.equal(formatSize(bytes), text);
  assert.throws(() => formatSize(-1), RangeError);
  assert.throws(() => formatSize(NaN), RangeError);
});

Deno.test("formatSize() output parses back to the same size when it is exact", () => {
  for (const bytes of [0, 17, 1536, 1048576, 1572864, 1024 ** 3]) {
    assert.equal(parseSize(formatSize(bytes)), bytes);
  }
});
