import { deepEqual, notDeepEqual, notEqual, ok } from "node:assert/strict";
import { deriveSeed, faultPrng, mulberry32 } from "./_prng.ts";

Deno.test("mulberry32 repeats its sequence for the same seed", () => {
  const a = mulberry32(42);
  const b = mulberry32(42);
  const first = Array.from({ length: 100 }, () => a.next());
  deepEqual(Array.from({ length: 100 }, () => b.next()), first);
  ok(first.every((x) => x >= 0 && x < 1));
  notDeepEqual(Array.from({ length: 100 }, () => mulberry32(43).next()), first);
});

Deno.test("int draws cover min..max, both included, and nothing else", () => {
  const random = mulberry32(1);
  const seen = new Set<number>();
  for (let i = 0; i < 2000; i++) seen.add(random.int(3, 7));
  deepEqual([...seen].sort(), [3, 4, 5, 6, 7]);
});

Deno.test("deriveSeed separates faults, directions and connections", () => {
  const base = deriveSeed(1, 0, "to_server", 0);
  notEqual(deriveSeed(1, 1, "to_server", 0), base);
  notEqual(deriveSeed(1, 0, "to_client", 0), base);
  notEqual(deriveSeed(1, 0, "to_server", 1), base);
  notEqual(deriveSeed(2, 0, "to_server", 0), base);
  deepEqual(faultPrng(1, 0, "to_server", 0).next(), mulberry32(base).next());
});
