import assert from "node:assert/strict";
import { parseScenarios } from "./load.ts";
import { STEPS } from "../runner/steps/mod.ts";

Deno.test("every whole scenario in the README loads", async () => {
  const readme = await Deno.readTextFile(new URL("../../README.md", import.meta.url));
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
  const scenarios = blocks.filter((block) => /^name: /m.test(block));
  assert.ok(scenarios.length > 0, "the README shows at least one whole scenario");
  for (const text of scenarios) parseScenarios(text, "README.md");
});

Deno.test("the README's step table is the step registry's reference docs", async () => {
  const readme = await Deno.readTextFile(new URL("../../README.md", import.meta.url));
  const section = readme.slice(readme.indexOf("### Steps"), readme.indexOf("Error names for"));
  const written = [...section.matchAll(/^\| (`.*?`) +\| (.*?) +\|$/gm)]
    .map((row) => `${row[1]} | ${row[2]}`);
  const registered = Object.values(STEPS).flatMap((step) =>
    step.doc.map(([usage, does]) => `${usage} | ${does}`)
  );
  assert.deepEqual(written.toSorted(), registered.toSorted());
});
