import assert from "node:assert/strict";
import { main } from "./main.ts";

async function cli(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (text) => stdout += text,
    stderr: (text) => stderr += text,
  });
  return { code, stdout, stderr };
}

async function withFiles(files: Record<string, string>, fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "sockspec-cli-" });
  try {
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(`${dir}/${name}`, text);
    }
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const PASSING = `name: upper passes
transport: [tcp, unix]
server: { builtin: upper }
client:
  - connect: {}
  - send: "abc"
  - receive: "ABC"
`;

Deno.test("--help prints the usage and exits 0", async () => {
  const { code, stdout } = await cli(["--help"]);
  assert.equal(code, 0);
  assert.match(
    stdout,
    /^Usage: sockspec \[run\] \[PATH\.\.\.\] \[OPTIONS\]\n(.*\n)*.*deno task scenarios/,
  );
});

Deno.test("--version prints the version in deno.json and exits 0", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
  const { code, stdout } = await cli(["--version"]);
  assert.equal(code, 0);
  assert.equal(stdout, `sockspec ${config.version}\n`);
});

Deno.test("'run' before the paths is the same command as without it", async () => {
  await withFiles({ "a.yaml": PASSING }, async (dir) => {
    const plain = await cli([`${dir}/a.yaml`, "--list"]);
    const run = await cli(["run", `${dir}/a.yaml`, "--list"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /upper passes/);
    assert.deepEqual(run, plain);
  });
});

Deno.test("an unknown option exits 2 with a message", async () => {
  const { code, stderr } = await cli(["--frobnicate"]);
  assert.equal(code, 2);
  assert.match(stderr, /frobnicate.*see --help/);
});

Deno.test("a path that does not exist exits 2", async () => {
  const { code, stderr } = await cli(["no/such/folder"]);
  assert.equal(code, 2);
  assert.match(stderr, /no\/such\/folder: no such file or folder/);
});

Deno.test("an invalid scenario file exits 2 with file:line:column and runs nothing", async () => {
  await withFiles({
    "good.yaml": PASSING,
    "bad.yaml": PASSING.replace("name: upper passes", "name: bad").replace("send:", "sendd:"),
  }, async (dir) => {
    const { code, stderr, stdout } = await cli([dir]);
    assert.equal(code, 2);
    assert.match(stderr, new RegExp(`${dir}/bad\\.yaml:6:5: client\\[1\\]: unknown step "sendd"`));
    assert.match(stderr, /1 invalid scenario file: nothing was run/);
    assert.equal(stdout, "");
  });
});

Deno.test("two scenarios with one name exit 2 naming both places", async () => {
  await withFiles({ "a.yaml": PASSING, "b.yaml": PASSING }, async (dir) => {
    const { code, stderr } = await cli([dir]);
    assert.equal(code, 2);
    assert.match(
      stderr,
      /b\.yaml:1:7: name: expected a name no other scenario has; "upper passes" is also at .*a\.yaml:1/,
    );
  });
});

Deno.test("a passing run exits 0 and ends with the summary line", async () => {
  await withFiles({ "ok.yaml": PASSING }, async (dir) => {
    const { code, stdout } = await cli([dir, "--reporter", "dot", "--seed", "5"]);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^2 passed, 0 failed\b/m);
  });
});

Deno.test("a failing run exits 1 and prints the rerun command", async () => {
  await withFiles(
    { "fail.yaml": PASSING.replace('receive: "ABC"', 'receive: "ABD"') },
    async (dir) => {
      const failures = `${dir}/failures`;
      const { code, stdout } = await cli([
        dir,
        "--transport",
        "tcp",
        "--seed",
        "9",
        "--artifacts",
        failures,
      ]);
      assert.equal(code, 1);
      assert.match(stdout, /^0 passed, 1 failed\b/m);
      assert.match(
        stdout,
        /deno task scenarios \S*fail\.yaml --name 'upper passes' --transport tcp --seed 9/,
      );
    },
  );
});

Deno.test("a filter that matches nothing exits 2 rather than passing", async () => {
  await withFiles({ "ok.yaml": PASSING }, async (dir) => {
    const { code, stderr } = await cli([dir, "--filter", "nothing like this"]);
    assert.equal(code, 2);
    assert.match(stderr, /no scenario matches among 1 in 1 files/);
  });
});
