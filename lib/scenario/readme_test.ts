import assert from "node:assert/strict";
import { parseScenarios } from "./load.ts";

Deno.test("every whole scenario in the README loads", async () => {
  const readme = await Deno.readTextFile(new URL("../../README.md", import.meta.url));
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
  const scenarios = blocks.filter((block) => /^name: /m.test(block));
  assert.ok(scenarios.length > 0, "the README shows at least one whole scenario");
  for (const text of scenarios) parseScenarios(text, "README.md");
});
