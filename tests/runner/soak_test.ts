import assert from "node:assert/strict";
import { discoverScenarioFiles } from "../../lib/cli/discover.ts";
import { loadScenarioFile } from "../../lib/scenario/load.ts";
import { planRuns, runSuite } from "../../lib/runner/run_suite.ts";
import type { Reporter } from "../../lib/report/reporter.ts";

const FOLDERS = ["stream", "datagram", "errors", "concurrency", "builtin"];
const ROUNDS = 20;
/** Growth of the live JS heap allowed over the soak, in bytes (after a full GC). */
const HEAP_GROWTH_BOUND_BYTES = 4 * 1024 * 1024;
/**
 * Growth of the resident set allowed over the second half of the soak, in bytes. The allocator
 * keeps memory it got in the first rounds (RSS rises to a plateau, about 200 MiB here), so only
 * growth once it should have levelled off counts.
 */
const RSS_PLATEAU_GROWTH_BOUND_BYTES = 32 * 1024 * 1024;

/**
 * Sockets and files this process holds open, from `ls -l /proc/PID/fd` (Deno reads /proc/self/fd
 * only with --allow-all). Pipes are left out: the `ls` started to look holds two of its own.
 */
function openFds(): number {
  const listing = new Deno.Command("ls", { args: ["-l", `/proc/${Deno.pid}/fd`] }).outputSync();
  return new TextDecoder().decode(listing.stdout).split("\n")
    .filter((line) => line.includes(" -> ") && !line.includes("pipe:")).length;
}

/** The live JS heap after a full collection (`deno task test` passes --expose-gc). */
function liveHeapBytes(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return Deno.memoryUsage().heapUsed;
}

/** Children of this process, except the `ps` that lists them. */
function childPids(): string[] {
  const listing = new Deno.Command("ps", {
    args: ["--ppid", String(Deno.pid), "-o", "pid=,comm="],
  }).outputSync();
  return new TextDecoder().decode(listing.stdout).split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.endsWith(" ps"));
}

const quiet: Reporter = { start() {}, result() {}, end() {} };

Deno.test(`the suite run ${ROUNDS} times in one process leaks no resource, file or process`, async () => {
  const root = new URL("../../scenarios/", import.meta.url).pathname;
  const files = await discoverScenarioFiles(FOLDERS.map((f) => `${root}${f}`));
  const runs = planRuns((await Promise.all(files.map(loadScenarioFile))).flat());
  // One round first, so that lazily loaded modules and V8's heap are part of the baseline.
  await runSuite(runs, { seed: 1, reporter: quiet });
  const before = { fds: openFds(), heap: liveHeapBytes() };
  let rssHalfway = 0;
  // A temporary directory of the test's own, so that other processes' files do not count.
  const previousTmp = Deno.env.get("TMPDIR");
  const tmp = await Deno.makeTempDir({ prefix: "sockspec-soak-" });
  Deno.env.set("TMPDIR", tmp);
  let failed = 0;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const summary = await runSuite(runs, { seed: round + 2, reporter: quiet });
      failed += summary.failed;
      if (round === ROUNDS / 2) rssHalfway = Deno.memoryUsage().rss;
    }
  } finally {
    if (previousTmp === undefined) Deno.env.delete("TMPDIR");
    else Deno.env.set("TMPDIR", previousTmp);
  }
  const left = [...Deno.readDirSync(tmp)].map((e) => e.name);
  await Deno.remove(tmp, { recursive: true });
  assert.equal(failed, 0, "every run of every round passes");
  assert.equal(openFds(), before.fds, "open sockets and files");
  assert.deepEqual(childPids(), [], "child processes left");
  assert.deepEqual(left, [], "temporary directories and Unix socket paths left");
  const heapGrowth = liveHeapBytes() - before.heap;
  const rssGrowth = Deno.memoryUsage().rss - rssHalfway;
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  console.log(
    `soak: ${ROUNDS} rounds x ${runs.length} runs; fds ${before.fds} -> ${openFds()}; ` +
      `live heap ${mib(before.heap)} -> ${mib(before.heap + heapGrowth)}; ` +
      `RSS over the second half ${mib(rssHalfway)} -> ${mib(rssHalfway + rssGrowth)}`,
  );
  assert.ok(heapGrowth < HEAP_GROWTH_BOUND_BYTES, `live heap grew by ${mib(heapGrowth)}`);
  assert.ok(rssGrowth < RSS_PLATEAU_GROWTH_BOUND_BYTES, `RSS grew by ${mib(rssGrowth)}`);
});
