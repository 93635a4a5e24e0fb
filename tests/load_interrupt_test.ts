/**
 * Ctrl-C during `--load`: the load ends at its next round, prints and writes what it measured,
 * and exits 130, instead of running on to the end of its duration, leaving no folder behind.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { untilEntries } from "./_watch_dir.ts";

const ROOT = new URL("../", import.meta.url).pathname;

for (
  const [kind, file] of [
    ["rounds", "scenarios/stream/echo_half_close.yaml"],
    ["requests in workers", "scenarios/load/echo_requests.yaml"],
  ]
) {
  Deno.test(`SIGINT during a load of ${kind} ends it, writes its JSON and exits 130`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "load-interrupt-" });
    const json = join(dir, "load.json");
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "cli.ts",
        file,
        "--transport",
        "tcp",
        "--load",
        "--load-duration",
        "60s",
        "--load-json",
        json,
      ],
      cwd: ROOT,
      // The run's folders go under the test's own TMPDIR, to see that none is left.
      env: { TMPDIR: dir },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const stdout = new Response(child.stdout).text();
    try {
      // Under way once it says which load it runs; the signal comes after that, not after a sleep.
      const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
      let said = "";
      while (!said.includes("load: ")) {
        const { value, done } = await reader.read();
        if (done) break;
        said += value;
      }
      assert.match(said, /load: /);
      child.kill("SIGINT");
      let timer: ReturnType<typeof setTimeout> | undefined;
      const status = await Promise.race([
        child.status,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error("the load ran on after SIGINT")), 30_000);
        }),
      ]).finally(() => clearTimeout(timer));
      await reader.cancel();
      assert.equal(status.code, 130, await stdout);
      const document = JSON.parse(await Deno.readTextFile(json));
      // What ran is written (killed at once, as before, the run wrote nothing).
      assert.equal(document.results.length, 1);
      assert.ok(document.results[0].durationMs < 60_000, "the load ended before its duration");
      const left = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n !== "load.json");
      assert.deepEqual(left, [], "the load's run folder is removed");
    } finally {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
      await child.status;
      await stdout.catch(() => {});
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("the run folder of a load killed at once is removed by the next run", async () => {
  const dir = await Deno.makeTempDir({ prefix: "load-killed-" });
  const run = (args: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "cli.ts",
        "scenarios/stream/echo_half_close.yaml",
        "--transport",
        "tcp",
        ...args,
      ],
      cwd: ROOT,
      env: { TMPDIR: dir },
      stdout: "null",
      stderr: "null",
    });
  const child = run(["--load", "--load-duration", "60s"]).spawn();
  const ours = `sockspec-${child.pid}-`;
  try {
    await untilEntries(dir, (names) => names.some((n) => n.startsWith(ours)), 30_000, ours);
    child.kill("SIGKILL");
    await child.status;
    const left = [...Deno.readDirSync(dir)].map((e) => e.name);
    assert.ok(left.some((n) => n.startsWith(ours)), `the load's run folder: ${left.join()}`);
    await run([]).output();
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), []);
  } finally {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
    await child.status;
    await Deno.remove(dir, { recursive: true });
  }
});
