/**
 * The reporters on a real standard output: a pipe, a closed pipe and a pseudo-terminal. The
 * child runs without any permission, which also shows that importing the reporters needs none.
 */
import assert from "node:assert/strict";
import { fileURLToPath as fromFileUrl } from "node:url";

const CHILD = fromFileUrl(new URL("./_drive_stdout.ts", import.meta.url));
const ROOT = fromFileUrl(new URL("../..", import.meta.url));
const DENO_ARGS = ["run", "--quiet", "--no-prompt", CHILD];
// deno-lint-ignore no-control-regex
const SGR = /\x1b\[[0-9;]*m/;
const ERASE = "\r\x1b[2K";

function hasScript(): boolean {
  try {
    return Deno.statSync("/usr/bin/script").isFile;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

async function run(args: string[], env: Record<string, string> = {}) {
  const output = await new Deno.Command(args[0], {
    args: args.slice(1),
    cwd: ROOT,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

Deno.test("pretty on a pipe prints plain lines: no colours, no cursor movement", async () => {
  const { code, stdout, stderr } = await run([Deno.execPath(), ...DENO_ARGS, "pretty"]);
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stdout, SGR);
  assert.ok(!stdout.includes("\r"));
  assert.match(stdout, /^✓ TCP echo returns every byte \[tcp\] \(43 ms\)$/m);
  assert.ok(stdout.endsWith("\n1 passed, 2 failed, 1 skipped\nduration 3.2 s, seed 12345\n"));
});

Deno.test("a reporter whose standard output is closed lets the run finish", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: [...DENO_ARGS, "pretty"],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  await child.stdout.cancel();
  const [status, stderr] = await Promise.all([
    child.status,
    new Response(child.stderr).text(),
  ]);
  assert.equal(status.code, 0, stderr);
});

Deno.test({
  name: "pretty on a terminal draws a status line and colours, and NO_COLOR removes colours",
  ignore: !hasScript(),
  async fn() {
    const command = [Deno.execPath(), ...DENO_ARGS, "pretty"].join(" ");
    const tty = await run(["script", "-qefc", command, "/dev/null"]);
    assert.equal(tty.code, 0, tty.stdout + tty.stderr);
    assert.ok(tty.stdout.includes(`${ERASE}\x1b[2m1/4 done, running: upper-case server`));
    assert.ok(tty.stdout.includes(`${ERASE}\x1b[32m✓\x1b[39m TCP echo returns every byte [tcp]`));
    // deno-lint-ignore no-control-regex
    assert.match(tty.stdout, /\x1b\[31m1 passed, 2 failed, 1 skipped\x1b\[39m\r?\n/);

    const plain = await run(["script", "-qefc", command, "/dev/null"], { NO_COLOR: "1" });
    assert.equal(plain.code, 0, plain.stdout + plain.stderr);
    assert.doesNotMatch(plain.stdout, SGR);
    assert.ok(plain.stdout.includes(`${ERASE}1/4 done, running: upper-case server`));
  },
});
