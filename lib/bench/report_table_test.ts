import assert from "node:assert/strict";
import { fmt, formatTable, ratio } from "./report_table.ts";

Deno.test("formatTable right-aligns numeric columns and left-aligns text", () => {
  const text = formatTable(["name", "value"], [["a", "1.5"], ["longer", "100"]]);
  assert.equal(
    text,
    ["name    value", "------  -----", "a         1.5", "longer    100"].join("\n"),
  );
});

Deno.test("fmt keeps three significant digits and groups large numbers", () => {
  assert.equal(fmt(0.123456), "0.123");
  assert.equal(fmt(12.3456), "12.3");
  assert.equal(fmt(1234567.8), "1,234,568");
  assert.equal(fmt(undefined), "-");
  assert.equal(fmt(NaN), "-");
  assert.equal(ratio(1.23456), "1.23x");
  assert.equal(ratio(undefined), "-");
});
