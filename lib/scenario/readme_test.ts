import assert from "node:assert/strict";
import { parseScenarios } from "./load.ts";
import { STEP_SCHEMAS } from "./step_schema.ts";

Deno.test("every whole scenario in the README loads", async () => {
  const readme = await Deno.readTextFile(new URL("../../README.md", import.meta.url));
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
  const scenarios = blocks.filter((block) => /^name: /m.test(block));
  assert.ok(scenarios.length > 0, "the README shows at least one whole scenario");
  for (const text of scenarios) parseScenarios(text, "README.md");
});

Deno.test("the README's step table has a row for every step kind and no other", async () => {
  const readme = await Deno.readTextFile(new URL("../../README.md", import.meta.url));
  const section = readme.slice(readme.indexOf("### Steps"), readme.indexOf("Error names for"));
  const documented = new Set<string>();
  for (const row of section.matchAll(/^\| `([^`]+)`(?: \/ `([^`]+)`)?/gm)) {
    for (const cell of [row[1], row[2]]) {
      const key = /^([a-z_]+):/.exec(cell ?? "")?.[1];
      if (key) documented.add(key);
    }
  }
  assert.deepEqual([...documented].sort(), Object.keys(STEP_SCHEMAS).sort());
});
