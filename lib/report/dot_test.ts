import assert from "node:assert/strict";
import { DotReporter } from "./dot.ts";
import { allResults, collector, drive, passedResult, summaryOf } from "./_fixtures.ts";

Deno.test("dot prints a character a scenario, the failure blocks and the summary line", async () => {
  const out = collector();
  await drive(new DotReporter({ write: out.write }), allResults());
  const text = out.text();
  assert.ok(text.startsWith(".FFs\n\n✗ upper-case server answers in capitals [tcp]"));
  assert.match(
    text,
    /\n✗ UDP keeps datagram boundaries \[udp\] {2}scenarios\/udp\/boundaries\.yaml:1\n/,
  );
  assert.match(text, /\n {2}rerun: deno task scenarios scenarios\/udp\/boundaries\.yaml/);
  assert.ok(text.endsWith("\n\n1 passed, 2 failed, 1 skipped\nduration 3.2 s, seed 12345\n"));
});

Deno.test("dot wraps its characters at 80 a line", async () => {
  const out = collector();
  const results = Array.from({ length: 170 }, (_, i) => ({ ...passedResult(), id: `r${i}` }));
  await drive(new DotReporter({ write: out.write }), results, summaryOf(results));
  const lines = out.text().split("\n");
  assert.deepEqual(lines.slice(0, 3), [".".repeat(80), ".".repeat(80), ".".repeat(10)]);
  assert.deepEqual(lines.slice(3), ["", "170 passed, 0 failed", "duration 3.2 s, seed 12345", ""]);
});
