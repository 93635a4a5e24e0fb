import assert from "node:assert/strict";
import { join } from "node:path";
import { discoverScenarioFiles, SymlinkLoop } from "./discover.ts";
import { main } from "./main.ts";

/** A folder with one scenario file, removed after `body`. */
async function withFolder(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "sockspec-discover-" });
  try {
    await Deno.writeTextFile(
      join(dir, "a.yaml"),
      "name: a\ntransport: tcp\nserver: { builtin: echo }\nclient: [connect: {}]\n",
    );
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("two symbolic links to their own folder are a loop, reported at once", async () => {
  await withFolder(async (dir) => {
    await Deno.symlink(".", join(dir, "here"));
    await Deno.symlink(".", join(dir, "again"));
    await assert.rejects(
      () => discoverScenarioFiles([dir]),
      (error: Error) => {
        assert.ok(error instanceof SymlinkLoop);
        assert.match(error.message, /\/again: a symbolic link back to .*the walk would never end/);
        return true;
      },
    );
  });
});

Deno.test("a link to a folder further up is a loop; the command exits 2 naming it", async () => {
  await withFolder(async (dir) => {
    await Deno.mkdir(join(dir, "sub"));
    await Deno.symlink("..", join(dir, "sub", "up"));
    let stderr = "";
    const code = await main([dir], { stdout: () => {}, stderr: (text) => stderr += text });
    assert.equal(code, 2);
    assert.match(stderr, /^error: .*\/sub\/up: a symbolic link back to /);
  });
});

Deno.test("a folder reached by two links is walked once, a dangling link is a file", async () => {
  await withFolder(async (dir) => {
    await Deno.mkdir(join(dir, "shared"));
    await Deno.writeTextFile(join(dir, "shared", "b.yaml"), "");
    await Deno.symlink("shared", join(dir, "link1"));
    await Deno.symlink("shared", join(dir, "link2"));
    await Deno.symlink("missing.yaml", join(dir, "dangling.yaml"));
    const files = await discoverScenarioFiles([dir]);
    assert.deepEqual(files.map((file) => file.slice(dir.length + 1)), [
      "a.yaml",
      "dangling.yaml",
      "link1/b.yaml",
    ]);
  });
});
