import assert from "node:assert/strict";
import { runYaml } from "./_test_helpers.ts";

Deno.test("mark releases a peer that waits for it, and is recorded", async () => {
  const result = await runYaml(`name: mark
transport: tcp
peers:
  first:
    role: client
    steps:
      - sleep: 50ms
      - mark: ready
      - assert: { equal: ["a", "b"] }
  second:
    role: client
    steps:
      - wait: ready
`);
  // The first client fails after its mark, so the record is kept: the mark is in it.
  assert.equal(result.status, "failed");
  assert.ok(
    result.events.some((e) => e.kind === "mark" && e.detail === "ready" && e.peer === "first"),
    JSON.stringify(result.events),
  );
});
