/**
 * Interruption end to end: the suite runs as a user runs it (`deno run` with the task's
 * permissions), with a command-peer scenario (socat forking a child per connection) and a
 * kernel-fault scenario (a namespace with an nftables table and a command inside). Once both
 * runs are under way (marker files their commands create), the test signals sockspec and
 * checks that nothing is left: no process, namespace, nft table, run folder or socket file,
 * and that every report parses and lists the interrupted runs.
 */
import assert from "node:assert/strict";
import { XMLParser } from "fast-xml-parser";
import { Parser } from "tap-parser";
import { SCENARIO_PERMISSIONS } from "../lib/runner/permissions.ts";
import { kernelFaultSupport } from "../lib/fault/mod.ts";
import { untilEntries } from "./_watch_dir.ts";

const ROOT = new URL("../", import.meta.url).pathname;

/** socat forks a shell per connection; that shell creates the marker `connected`. */
const COMMAND_SCENARIO = `name: interrupt a command peer
transport: tcp
timeout: 120s
step_timeout: 110s
server:
  command: [sh, -c, 'exec socat TCP-LISTEN:$0,bind=$1,reuseaddr,fork "SYSTEM:touch $MARKERS/connected; exec cat"', "{port}", "{host}"]
  ready: { port: true }
client:
  - connect: {}
  - send: "x\\n"
  - receive: "x\\n"
  - sleep: 100s
`;

/** A command inside the namespace creates the marker `in-namespace`. */
const KERNEL_SCENARIO = `name: interrupt a kernel-fault run
transport: tcp
timeout: 120s
step_timeout: 110s
network: { loss: "1%" }
server: { builtin: echo }
peers:
  waiter:
    role: client
    command: [sh, -c, 'touch "$MARKERS/in-namespace"; exec sleep 100']
  talker:
    role: client
    steps:
      - connect: {}
      - send: "y\\n"
      - receive: "y\\n"
`;

const support = await kernelFaultSupport();
const socat = (await new Deno.Command("sh", { args: ["-c", "command -v socat"] }).output())
  .success;

interface Suite {
  child: Deno.ChildProcess;
  /** The test's own folder: scenarios, markers, TMPDIR, reports. */
  dir: string;
  tmp: string;
  /** Put in the environment of sockspec, so that every process it starts carries it. */
  mark: string;
}

async function writeScenarios(dir: string): Promise<void> {
  await Deno.mkdir(`${dir}/scenarios`);
  await Deno.writeTextFile(`${dir}/scenarios/command.yaml`, COMMAND_SCENARIO);
  await Deno.writeTextFile(`${dir}/scenarios/kernel.yaml`, KERNEL_SCENARIO);
}

function startSuite(dir: string, args: string[]): Suite {
  const mark = `sockspec-interrupt-test-${crypto.randomUUID()}`;
  const tmp = `${dir}/tmp`;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--config", `${ROOT}deno.json`, ...SCENARIO_PERMISSIONS, "cli.ts", ...args],
    cwd: ROOT,
    env: { TMPDIR: tmp, MARKERS: `${dir}/markers`, NO_COLOR: "1", SOCKSPEC_TEST_MARK: mark },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  return { child, dir, tmp, mark };
}

/** Resolves once every file of `names` exists in `dir` (a watch, not a poll); rejects at `ms`. */
function filesCreated(dir: string, names: string[], ms: number): Promise<void> {
  return untilEntries(
    dir,
    (found) => names.every((n) => found.includes(n)),
    ms,
    names.join(" and "),
  );
}

async function shell(script: string): Promise<string> {
  const output = await new Deno.Command("sh", { args: ["-c", script] }).output();
  return new TextDecoder().decode(output.stdout);
}

/** Live (not zombie) processes whose environment holds `mark`: everything sockspec started. */
async function markedProcesses(mark: string): Promise<string[]> {
  const listing = await shell(
    `for f in $(grep -l "SOCKSPEC_TEST_MARK=${mark}" /proc/[0-9]*/environ 2>/dev/null); do ` +
      `p=\${f#/proc/}; p=\${p%%/*}; s=$(cut -d' ' -f3 /proc/$p/stat 2>/dev/null); ` +
      `[ -n "$s" ] && [ "$s" != Z ] && echo "$p $(tr '\\0' ' ' </proc/$p/cmdline)"; done`,
  );
  return listing.split("\n").filter((line) => line !== "");
}

/** Namespaces that process `pid` made (their names start with `sockspec-<pid>-`). */
async function namespacesOf(pid: number): Promise<string[]> {
  const listing = await shell("ip netns list");
  return listing.split("\n").map((line) => line.split(" ")[0])
    .filter((name) => name.startsWith(`sockspec-${pid}-`));
}

/** Waits until `check` holds, looking again at each of `events` (here: process exits). */
async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!await check()) {
    if (Date.now() > end) throw new Error(`expected ${what} within ${ms} ms`);
    // Processes end on their own schedule with no event to wait on from here: look again soon.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function parseTap(text: string): Promise<{ asserts: { name: string; ok: boolean }[] }> {
  return new Promise((resolve) => {
    const parser = new Parser();
    const asserts: { name: string; ok: boolean }[] = [];
    parser.on("assert", (a: { name: string; ok: boolean }) => asserts.push(a));
    parser.on("complete", () => resolve({ asserts }));
    parser.end(text);
  });
}

async function withSuiteDir(fn: (dir: string) => Promise<void>): Promise<void> {
  // Under /tmp, which the task may write, and short, so socket paths fit.
  const dir = await Deno.makeTempDir({ dir: "/tmp", prefix: "sockspec-int-" });
  try {
    await Deno.mkdir(`${dir}/markers`);
    await Deno.mkdir(`${dir}/tmp`);
    await writeScenarios(dir);
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const ignore = !support.ok || !socat;

for (const [signal, exitCode] of [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]] as const) {
  Deno.test({
    name: `${signal} mid-run stops every peer, namespace and folder and still writes every report`,
    ignore,
    sanitizeResources: false, // the watcher's resource closes from its timer
    fn: () =>
      withSuiteDir(async (dir) => {
        const suite = startSuite(dir, [
          `${dir}/scenarios`,
          "--concurrency",
          "2",
          "--artifacts",
          `${dir}/failures`,
          "--reporter",
          `junit=${dir}/out/junit.xml`,
          "--reporter",
          `tap=${dir}/out/report.tap`,
          "--reporter",
          `json=${dir}/out/report.json`,
        ]);
        const output = suite.child.output();
        try {
          await filesCreated(`${dir}/markers`, ["connected", "in-namespace"], 60_000);
        } catch (error) {
          suite.child.kill("SIGKILL");
          const { stdout, stderr } = await output;
          const decoder = new TextDecoder();
          throw new Error(`${error}\n${decoder.decode(stdout)}\n${decoder.decode(stderr)}`);
        }
        assert.equal((await markedProcesses(suite.mark)).length > 0, true, "runs under way");
        suite.child.kill(signal);
        const { code, stdout } = await output;
        const text = new TextDecoder().decode(stdout);
        assert.equal(code, exitCode, text);
        // Every report went to a file: the console still ends with the summary line.
        assert.match(
          text,
          new RegExp(
            `^0 passed, 0 failed, 2 interrupted\nduration .*interrupted by ${signal}`,
            "m",
          ),
        );

        assert.deepEqual(await markedProcesses(suite.mark), [], "processes left running");
        assert.deepEqual(await namespacesOf(suite.child.pid), [], "namespaces left");
        assert.doesNotMatch(await shell("nft list tables 2>/dev/null"), /sockspec/, "nft tables");
        assert.deepEqual(await Array.fromAsync(Deno.readDir(suite.tmp)), [], "TMPDIR left");

        const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" })
          .parse(await Deno.readTextFile(`${dir}/out/junit.xml`));
        assert.equal(junit.testsuites["@errors"], "2");
        const cases = [junit.testsuites.testsuite].flat().map((s) => s.testcase);
        assert.deepEqual(
          cases.map((c) => [c["@name"], c.error["@type"], c.error["@message"]]).sort(),
          [
            ["interrupt a command peer [tcp]", "Interrupted", `interrupted by ${signal}`],
            ["interrupt a kernel-fault run [tcp]", "Interrupted", `interrupted by ${signal}`],
          ],
        );
        const tapText = await Deno.readTextFile(`${dir}/out/report.tap`);
        const tap = await parseTap(tapText);
        assert.deepEqual(tap.asserts.map((a) => a.ok), [false, false]);
        assert.match(tapText, /^not ok 1 - interrupt .* # interrupted$/m);
        const json = JSON.parse(await Deno.readTextFile(`${dir}/out/report.json`));
        assert.deepEqual(json.interruption, { signal, notStarted: 0 });
        assert.deepEqual(
          json.results.map((r: { status: string }) => r.status),
          ["interrupted", "interrupted"],
        );
      }),
  });
}

Deno.test({
  name: "SIGKILL of sockspec leaves no process or namespace, and the next run removes its folder",
  ignore,
  sanitizeResources: false,
  fn: () =>
    withSuiteDir(async (dir) => {
      const suite = startSuite(dir, [`${dir}/scenarios`, "--concurrency", "2"]);
      const output = suite.child.output();
      await filesCreated(`${dir}/markers`, ["connected", "in-namespace"], 60_000);
      suite.child.kill("SIGKILL");
      assert.equal((await output).signal, "SIGKILL");
      // Nothing can clean up after SIGKILL but the children themselves, watching their lifeline.
      await until(
        async () => (await markedProcesses(suite.mark)).length === 0,
        20_000,
        "every process sockspec started to exit",
      );
      await until(
        async () => (await namespacesOf(suite.child.pid)).length === 0,
        20_000,
        "the namespace to be deleted by the run inside it",
      );
      const left = (await Array.fromAsync(Deno.readDir(suite.tmp))).map((e) => e.name);
      assert.ok(left.every((name) => name.startsWith(`sockspec-${suite.child.pid}-`)), `${left}`);

      // The next run proves the folder is a dead process's and removes it.
      await Deno.writeTextFile(
        `${dir}/scenarios/command.yaml`,
        "name: passes\ntransport: tcp\nserver: { builtin: echo }\nclient:\n" +
          '  - connect: {}\n  - send: "a"\n  - receive: "a"\n',
      );
      await Deno.remove(`${dir}/scenarios/kernel.yaml`);
      const next = await startSuite(dir, [`${dir}/scenarios`, "--reporter", "dot"]).child.output();
      assert.equal(next.code, 0, new TextDecoder().decode(next.stdout));
      assert.deepEqual(await Array.fromAsync(Deno.readDir(suite.tmp)), [], "TMPDIR left");
    }),
});

Deno.test({
  name: "a second SIGINT exits at once, and what sockspec started still stops",
  ignore,
  sanitizeResources: false,
  fn: () =>
    withSuiteDir(async (dir) => {
      const suite = startSuite(dir, [`${dir}/scenarios`, "--concurrency", "2"]);
      const output = suite.child.output();
      await filesCreated(`${dir}/markers`, ["connected", "in-namespace"], 60_000);
      suite.child.kill("SIGINT");
      suite.child.kill("SIGINT");
      assert.equal((await output).code, 130);
      await until(
        async () => (await markedProcesses(suite.mark)).length === 0,
        20_000,
        "every process sockspec started to exit",
      );
      await until(
        async () => (await namespacesOf(suite.child.pid)).length === 0,
        20_000,
        "the namespace to be deleted",
      );
    }),
});
