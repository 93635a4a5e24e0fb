import assert from "node:assert/strict";
import { peerOptionsSchema } from "./peer.ts";

Deno.test("peer options come out with sizes in bytes and durations in ms", () => {
  assert.deepEqual(
    peerOptionsSchema.parse({
      builtin: "chargen",
      size: "1KiB",
      ready: { delay: "2s" },
      ready_timeout: "500ms",
    }),
    { builtin: "chargen", size: 1024, ready: { delay: 2000 }, ready_timeout: 500 },
  );
});

Deno.test("peer options refuse unknown keys and patterns", () => {
  assert.equal(peerOptionsSchema.safeParse({ verify: "random" }).success, false);
  assert.equal(peerOptionsSchema.safeParse({ steps: [] }).success, false);
});
