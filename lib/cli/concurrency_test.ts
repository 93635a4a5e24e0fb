import assert from "node:assert/strict";
import { servableConcurrency } from "./concurrency.ts";

Deno.test("concurrency is capped at 4 runs a core, with a note saying so", () => {
  assert.deepEqual(servableConcurrency(8, 2), { concurrency: 8 });
  const capped = servableConcurrency(16, 2);
  assert.equal(capped.concurrency, 8);
  assert.match(capped.note!, /--concurrency 16 is more than this machine's 2 cores can serve/);
  assert.equal(servableConcurrency(64, 32).concurrency, 64);
});
