import assert from "node:assert/strict";
import { makeRunDir, removeStaleRunDirs } from "./run_dir.ts";

async function withTmpdir(fn: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = await Deno.makeTempDir({ prefix: "sockspec-rd-" });
  const previous = Deno.env.get("TMPDIR");
  Deno.env.set("TMPDIR", tmp);
  try {
    await fn(tmp);
  } finally {
    if (previous === undefined) Deno.env.delete("TMPDIR");
    else Deno.env.set("TMPDIR", previous);
    await Deno.remove(tmp, { recursive: true });
  }
}

Deno.test("a run folder names the process that made it", async () => {
  await withTmpdir(async (tmp) => {
    const dir = await makeRunDir();
    assert.match(dir, new RegExp(`^${tmp}/sockspec-${Deno.pid}-[0-9a-f]{6}$`));
    assert.equal((await Deno.stat(dir)).mode! & 0o777, 0o700);
  });
});

Deno.test("stale run folders of dead processes are removed, those of live ones kept", async () => {
  await withTmpdir(async (tmp) => {
    const exited = new Deno.Command("true").spawn();
    await exited.status;
    const live = new Deno.Command("sleep", { args: ["60"], stdin: "null" }).spawn();
    try {
      const dead = `${tmp}/sockspec-${exited.pid}-abcdef`;
      const living = `${tmp}/sockspec-${live.pid}-abcdef`;
      const own = await makeRunDir();
      const other = `${tmp}/sockspec-${exited.pid}-not-ours`;
      for (const dir of [dead, living, other]) await Deno.mkdir(dir);
      await Deno.writeTextFile(`${dead}/left.sock`, "");
      const removed = await removeStaleRunDirs();
      assert.ok(removed.includes(dead), `${removed}`);
      const left = (await Array.fromAsync(Deno.readDir(tmp))).map((e) => `${tmp}/${e.name}`);
      assert.deepEqual(left.sort(), [living, other, own].sort());
    } finally {
      live.kill("SIGKILL");
      await live.status;
    }
  });
});
