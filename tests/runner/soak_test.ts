import assert from "node:assert/strict";
import { discoverScenarioFiles } from "../../lib/cli/discover.ts";
import { loadScenarioFile } from "../../lib/scenario/load.ts";
import { planRuns, runSuite } from "../../lib/runner/run_suite.ts";
import type { Reporter } from "../../lib/report/reporter.ts";
import { entriesOf, withOwnTempDir } from "../../lib/runner/_own_temp_dir.ts";

const FOLDERS = ["stream", "datagram", "errors", "concurrency", "builtin"];
const ROUNDS = 20;
/** Growth of the live JS heap allowed over the soak, in bytes (after a full GC). */
const HEAP_GROWTH_BOUND_BYTES = 4 * 1024 * 1024;
/** Listings of this process's descriptors intersected, so that a probe's own short-lived ones drop out. */
const FD_LISTINGS = 3;

/** One listing of this process's descriptors, as `fd -> target` lines of `ls -l /proc/PID/fd`. */
function listFds(): Set<string> {
  const listing = new Deno.Command("ls", {
    args: ["-l", `/proc/${Deno.pid}/fd`],
    stdin: "inherit",
    stderr: "inherit",
  }).outputSync();
  return new Set(
    new TextDecoder().decode(listing.stdout).split("\n")
      .filter((line) => line.includes(" -> ") && !line.includes("anon_inode:"))
      .map((line) => line.slice(line.lastIndexOf(" ", line.indexOf(" -> ") - 1) + 1)),
  );
}

/**
 * Sockets, pipes and files this process holds open (Deno reads /proc/self/fd only with
 * --allow-all, so a child `ls` lists them). Spawning it has effects of its own: the runtime
 * opens a socket pair for good at its first spawn, each `ls` has a stdout pipe (and an exec
 * status pipe) that is closed a turn of the event loop later, and stdin "null" would open
 * /dev/null around the spawn. So: a first listing that only warms up, stdin and stderr
 * inherited, a turn of the event loop before each listing, and only the entries present in
 * every one of {@linkcode FD_LISTINGS} listings count: a leaked descriptor keeps its number and
 * target, a probe's gets a new inode each time. Runtime internals (`anon_inode:` epoll and
 * eventfd) cannot leak from a scenario and are left out.
 */
async function openFds(): Promise<Set<string>> {
  listFds();
  let common: Set<string> | undefined;
  for (let i = 0; i < FD_LISTINGS; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    const entries = listFds();
    common = common ? new Set([...common].filter((entry) => entries.has(entry))) : entries;
  }
  return common!;
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
  // A TMPDIR of the test's own, so that other processes' files do not count.
  const { before, failed, left } = await withOwnTempDir(async (tmp) => {
    // One round first, so that lazily loaded modules and V8's heap are part of the baseline.
    await runSuite(runs, { seed: 1, reporter: quiet });
    const before = { fds: await openFds(), heap: liveHeapBytes(), rss: Deno.memoryUsage().rss };
    let failed = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const summary = await runSuite(runs, { seed: round + 2, reporter: quiet });
      failed += summary.failed;
    }
    return { before, failed, left: entriesOf(tmp) };
  });
  assert.equal(failed, 0, "every run of every round passes");
  const after = await openFds();
  assert.deepEqual(
    [...after].filter((entry) => !before.fds.has(entry)),
    [],
    "sockets, pipes and files opened and not closed",
  );
  assert.deepEqual(childPids(), [], "child processes left");
  assert.deepEqual(left, [], "temporary directories and Unix socket paths left");
  const heapGrowth = liveHeapBytes() - before.heap;
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  // RSS is printed, not bounded: the allocator keeps pages it got and returns them when it likes,
  // so RSS moves by tens of MiB while the live heap stays flat. A leak shows in the live heap.
  console.log(
    `soak: ${ROUNDS} rounds x ${runs.length} runs; fds ${before.fds.size} -> ${after.size}; ` +
      `live heap ${mib(before.heap)} -> ${mib(before.heap + heapGrowth)}; ` +
      `RSS ${mib(before.rss)} -> ${mib(Deno.memoryUsage().rss)}`,
  );
  assert.ok(heapGrowth < HEAP_GROWTH_BOUND_BYTES, `live heap grew by ${mib(heapGrowth)}`);
});
