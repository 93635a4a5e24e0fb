import { ok } from "node:assert/strict";
import { parse } from "yaml";
import { faultsSchema } from "./schema.ts";

Deno.test("every YAML example in README.md is a valid faults section", async () => {
  const readme = await Deno.readTextFile(new URL("./README.md", import.meta.url));
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]);
  ok(blocks.length >= 3, `found ${blocks.length} yaml blocks`);
  let faults = 0;
  for (const block of blocks) {
    const doc = parse(block);
    const section = Array.isArray(doc) ? doc : doc.faults;
    const result = faultsSchema.safeParse(section);
    ok(result.success, `${block}\n${result.error?.message}`);
    faults += result.data.length;
  }
  ok(faults >= 13, `only ${faults} faults in the examples`);
});
