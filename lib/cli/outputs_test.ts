import assert from "node:assert/strict";
import { main } from "./main.ts";
import { parseCli } from "./args.ts";
import {
  checkStdoutReporters,
  OutputPathError,
  outputPlan,
  prepareOutputs,
  writeGrants,
} from "./outputs.ts";
import { SCENARIO_PERMISSIONS } from "../runner/permissions.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const decoder = new TextDecoder();

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "sockspec-outputs-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function prepare(args: string[]): Promise<void> {
  return prepareOutputs(outputPlan(parseCli(args)));
}

async function cli(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (text) => stdout += text,
    stderr: (text) => stderr += text,
  });
  return { code, stdout, stderr };
}

Deno.test("a report path that is a folder, or two reporters on one file, is refused", async () => {
  await withDir(async (dir) => {
    await assert.rejects(
      prepare(["--reporter", `junit=${dir}`]),
      (e: Error) => e instanceof OutputPathError && e.message.includes(`${dir} is a folder`),
    );
    await assert.rejects(
      prepare(["--reporter", `junit=${dir}/r.xml`, "--reporter", `tap=${dir}/r.xml`]),
      new OutputPathError(
        `--reporter junit=${dir}/r.xml and --reporter tap=${dir}/r.xml would both write ${dir}/r.xml`,
      ),
    );
  });
});

Deno.test("a report under a file is refused, naming the flag", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/file`, "");
    await assert.rejects(
      prepare(["--reporter", `json=${dir}/file/sub/r.json`]),
      (e: Error) =>
        e instanceof OutputPathError &&
        e.message.startsWith(`--reporter json=${dir}/file/sub/r.json: cannot create the folder`),
    );
    await assert.rejects(
      prepare(["--artifacts", `${dir}/file/records`]),
      new OutputPathError(
        `--artifacts ${dir}/file/records: cannot create ${dir}/file/records: ${dir}/file is a file`,
      ),
    );
  });
});

Deno.test("missing parents of a report are created and last run's report is removed", async () => {
  await withDir(async (dir) => {
    await Deno.mkdir(`${dir}/old`);
    await Deno.writeTextFile(`${dir}/old/junit.xml`, "stale");
    await prepare([
      "--reporter",
      `json=${dir}/new/deeper/r.json`,
      "--reporter",
      `junit=${dir}/old/junit.xml`,
      "--artifacts",
      `${dir}/records`,
    ]);
    assert.ok((await Deno.stat(`${dir}/new/deeper`)).isDirectory);
    await assert.rejects(Deno.stat(`${dir}/old/junit.xml`), Deno.errors.NotFound);
    // The failure record folder appears only when a run fails.
    await assert.rejects(Deno.stat(`${dir}/records`), Deno.errors.NotFound);
    assert.deepEqual(await Array.fromAsync(Deno.readDir(`${dir}/new/deeper`)), []);
  });
});

Deno.test("write access is asked for the report files, or the folders to be created", async () => {
  await withDir(async (dir) => {
    await Deno.mkdir(`${dir}/records`);
    const grants = writeGrants(outputPlan(parseCli([
      "--reporter",
      `junit=${dir}/junit.xml`,
      "--reporter",
      `tap=${dir}/new/deeper/r.tap`,
      "--artifacts",
      `${dir}/records`,
    ])));
    assert.deepEqual(grants, [
      `${dir}/junit.xml`,
      `${dir}/junit.xml.partial`,
      `${dir}/new`,
      `${dir}/records`,
    ]);
  });
});

Deno.test("two reporters on standard output are refused before anything runs", async () => {
  assert.throws(
    () => checkStdoutReporters(parseCli(["--reporter", "pretty", "--reporter", "dot"])),
    /--reporter pretty, --reporter dot: 2 reporters would write to standard output/,
  );
  checkStdoutReporters(parseCli(["--reporter", "pretty", "--reporter", "junit=x.xml"]));
  const { code, stdout, stderr } = await cli([
    "scenarios/stream",
    "--reporter",
    "pretty",
    "--reporter",
    "dot",
  ]);
  assert.equal(code, 2);
  assert.equal(stdout, "");
  assert.match(stderr, /^error: .* give the others a file, such as --reporter dot=/);
});

Deno.test("a bad report path exits 2 before the first scenario runs", async () => {
  await withDir(async (dir) => {
    const { code, stdout, stderr } = await cli(["scenarios/stream", "--reporter", `junit=${dir}`]);
    assert.equal(code, 2);
    assert.equal(stdout, "", "nothing ran");
    assert.match(stderr, /is a folder; name a file in it/);
  });
});

Deno.test("when every report goes to a file the console still ends with the summary", async () => {
  await withDir(async (dir) => {
    const { code, stdout } = await cli([
      "scenarios/stream/echo_half_close.yaml",
      "--reporter",
      `junit=${dir}/j.xml`,
    ]);
    assert.equal(code, 0);
    assert.match(stdout, /^\d+ passed, 0 failed\nduration .*, seed \d+\n$/);
    assert.match(await Deno.readTextFile(`${dir}/j.xml`), /<testsuites/);
  });
});

async function runCli(flags: string[], args: string[], env: Record<string, string> = {}) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--config", `${ROOT}deno.json`, ...flags, `${ROOT}cli.ts`, ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1", ...env },
  }).output();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

Deno.test("without --allow-read, or with only it, the missing permission is named", async () => {
  const none = await runCli([], ["scenarios/stream"]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^error: sockspec needs --allow-read to read scenarios\/stream;/);
  const readOnly = await runCli(["--allow-read"], ["scenarios/stream"]);
  assert.equal(readOnly.code, 2);
  assert.match(readOnly.stderr, /^error: sockspec needs --allow-env=PATH,TMPDIR,.*LOG_TOKENS/);
  const noNet = await runCli(["--allow-read", "--allow-env"], ["scenarios/stream"]);
  assert.equal(noNet.code, 2);
  assert.match(noNet.stderr, /^error: sockspec needs --allow-net to open its sockets;/);
  assert.doesNotMatch(none.stderr + readOnly.stderr + noNet.stderr, /NotCapable|\n\s+at /);
});

Deno.test({
  name: "reports outside /tmp and a long TMPDIR work with the task's own permissions",
  fn: async () => {
    const work = await Deno.makeTempDir({ dir: "/var/tmp", prefix: "sockspec-outputs-" });
    try {
      const tmp = `${work}/${"t".repeat(80)}`;
      await Deno.mkdir(tmp);
      const report = `${work}/ci/results/junit.xml`;
      const { code, stdout, stderr } = await runCli(
        [...SCENARIO_PERMISSIONS],
        [
          "scenarios/faults/datagram_drop.yaml",
          "scenarios/faults/datagram_duplicate.yaml",
          "--transport",
          "unixgram",
          "--reporter",
          "dot",
          "--reporter",
          `junit=${report}`,
          "--artifacts",
          `${work}/records`,
        ],
        { TMPDIR: tmp },
      );
      assert.equal(code, 0, stdout + stderr);
      assert.match(stdout, /^[1-9]\d* passed, 0 failed$/m);
      assert.match(await Deno.readTextFile(report), /<testsuites name="sockspec" tests="[1-9]/);
      assert.deepEqual(await Array.fromAsync(Deno.readDir(tmp)), [], "nothing left in TMPDIR");
    } finally {
      await Deno.remove(work, { recursive: true });
    }
  },
});

Deno.test("--reporter github shares the console with one reporter on standard output", () => {
  checkStdoutReporters(parseCli(["--reporter", "dot", "--reporter", "github"]));
  assert.throws(
    () =>
      checkStdoutReporters(
        parseCli(["--reporter", "dot", "--reporter", "github", "--reporter", "tap"]),
      ),
    /--reporter dot, --reporter tap: 2 reporters would write to standard output/,
  );
});

Deno.test("a report in an existing folder needs write access to the report file only", async () => {
  const dir = await Deno.makeTempDir({ prefix: "outputs-narrow-" });
  try {
    const file = `${dir}/junit.xml`;
    await Deno.writeTextFile(
      `${dir}/probe.ts`,
      `import { prepareOutputs } from ${JSON.stringify(import.meta.resolve("./outputs.ts"))};
await prepareOutputs({ files: [{ flag: "--reporter junit", path: ${
        JSON.stringify(file)
      } }], dirs: [] });`,
    );
    // As the narrowed re-run grants it: the report and its temporary name, not the folder.
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", `--allow-write=${file},${file}.partial`, `${dir}/probe.ts`],
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.equal(code, 0, new TextDecoder().decode(stderr));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
