import assert from "node:assert/strict";
import { Semaphore } from "./semaphore.ts";

Deno.test("a semaphore lets N hold at once and serves the waiters in order", async () => {
  const slots = new Semaphore(2);
  const order: number[] = [];
  let holding = 0;
  let most = 0;
  await Promise.all([1, 2, 3, 4, 5].map(async (n) => {
    const release = await slots.acquire();
    holding++;
    most = Math.max(most, holding);
    order.push(n);
    await Promise.resolve();
    holding--;
    release();
    release(); // a second release gives back nothing
  }));
  assert.equal(most, 2);
  assert.deepEqual(order, [1, 2, 3, 4, 5]);
});
