import assert from "node:assert/strict";
import { formatSize, InvalidSizeError, parseSize, toolSize } from "./sizes.ts";

Deno.test("parseSize reads bytes and binary units like iperf3's -l", () => {
  assert.equal(parseSize("64"), 64);
  assert.equal(parseSize("1K"), 1024);
  assert.equal(parseSize("64KiB"), 65536);
  assert.equal(parseSize("128k"), 131072);
  assert.equal(parseSize("1M"), 1048576);
  assert.equal(parseSize("1 MiB"), 1048576);
  assert.equal(parseSize("64B"), 64);
});

Deno.test("parseSize rejects zero, fractions and unknown units", () => {
  for (const text of ["0", "1.5K", "1X", "", "K"]) {
    assert.throws(() => parseSize(text), InvalidSizeError, text);
  }
});

Deno.test("formatSize and toolSize print sizes back", () => {
  assert.equal(formatSize(64), "64 B");
  assert.equal(formatSize(1024), "1 KiB");
  assert.equal(formatSize(65507), "64.0 KiB");
  assert.equal(formatSize(4 * 1024 * 1024), "4 MiB");
  assert.equal(toolSize(1024), "1K");
  assert.equal(toolSize(131072), "128K");
  assert.equal(toolSize(1048576), "1M");
  assert.equal(toolSize(64), "64");
});
