import assert from "node:assert/strict";
import { rerunProgram } from "./rerun_program.ts";

Deno.test("the rerun line starts sockspec the way this folder does", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sockspec-rerun-" });
  try {
    // A folder of the user's own, without a Deno config: the installed command.
    assert.equal(await rerunProgram(dir), "sockspec");
    // A config without the task.
    await Deno.writeTextFile(`${dir}/deno.json`, '{ "tasks": { "test": "deno test" } }');
    assert.equal(await rerunProgram(dir), "sockspec");
    // A deno.jsonc with comments and trailing commas that has the task.
    await Deno.remove(`${dir}/deno.json`);
    await Deno.writeTextFile(
      `${dir}/deno.jsonc`,
      '{\n  // tasks\n  "tasks": { "scenarios": "sockspec scenarios/", },\n}\n',
    );
    assert.equal(await rerunProgram(dir), "deno task scenarios");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  // sockspec's own clone.
  assert.equal(
    await rerunProgram(new URL("../..", import.meta.url).pathname),
    "deno task scenarios",
  );
});
