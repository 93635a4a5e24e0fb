/**
 * sockspec used as a library from a project of one's own: a folder with no deno.json that
 * imports `mod.ts` by path, as the README's "From a project of your own" shows. The project is
 * written to a temporary folder and run with `deno test` there, the way a user runs it.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";

const ROOT = new URL("../", import.meta.url);
const MOD = new URL("mod.ts", ROOT).href;

/** The README's library example, with its import pointed at this clone's mod.ts. */
async function readmeExample(): Promise<string> {
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  const block = /```ts ignore\n(\/\/ greet_test\.ts\n[\s\S]*?)```/.exec(readme);
  assert.ok(block, "the README shows greet_test.ts in a ts block");
  assert.match(block[1], /"\.\.\/sockspec\/mod\.ts"/);
  return block[1].replace('"../sockspec/mod.ts"', JSON.stringify(MOD));
}

const GREET = `name: upper greets in capitals
transport: tcp
server: { builtin: upper }
client:
  - connect: {}
  - send: "hello ada\\n"
  - receive: "HELLO ADA\\n"
`;

async function denoIn(dir: string, args: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: dir,
    env: { NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
  return { code, text };
}

async function withProject(files: Record<string, string>, fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "sockspec-user-project-" });
  try {
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(join(dir, name), text);
    }
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a project without deno.json runs the README's Deno.test importing mod.ts by path", async () => {
  await withProject(
    { "greet_test.ts": await readmeExample(), "greet.yaml": GREET },
    async (dir) => {
      const { code, text } = await denoIn(dir, ["test", "--allow-all", "greet_test.ts"]);
      assert.equal(code, 0, text);
      assert.match(text, /Check greet_test\.ts/, "the project was type-checked");
      assert.match(text, /✓ upper greets in capitals \[tcp\]/);
      assert.match(text, /ok \| 2 passed \| 0 failed/);
    },
  );
});

Deno.test("in that project a failing scenario fails its Deno.test", async () => {
  const wrong = GREET.replace('receive: "HELLO ADA\\n"', 'receive: "HELLO BOB\\n"');
  await withProject(
    { "greet_test.ts": await readmeExample(), "greet.yaml": wrong },
    async (dir) => {
      const { code, text } = await denoIn(dir, ["test", "--allow-all", "greet_test.ts"]);
      assert.equal(code, 1, text);
      assert.match(text, /the scenarios of greet\.yaml pass .*FAILED/);
      assert.match(text, /1 of 1 runs failed/);
      assert.match(text, /a scenario written in the test .*ok/);
    },
  );
});

Deno.test("every module of mod.ts and cli.ts resolves without sockspec's deno.json", async () => {
  await withProject({}, async (dir) => {
    const unresolved: string[] = [];
    for (const entry of ["mod.ts", "cli.ts"]) {
      const { code, stdout } = await new Deno.Command(Deno.execPath(), {
        args: ["info", "--json", "--no-config", new URL(entry, ROOT).href],
        cwd: dir,
      }).output();
      assert.equal(code, 0);
      const graph = JSON.parse(new TextDecoder().decode(stdout));
      for (const module of graph.modules) {
        for (const dep of module.dependencies ?? []) {
          const error = dep.code?.error ?? dep.type?.error;
          if (error) unresolved.push(`${module.specifier}: ${error}`);
        }
      }
    }
    assert.deepEqual(
      unresolved,
      [],
      "modules of the library import dependencies from lib/_deps/ by relative path",
    );
  });
});
