import assert from "node:assert/strict";
import { main } from "./main.ts";

const ECHO = `name: echo under test
transport: tcp
server: { builtin: echo, ready_timeout: 500ms }
client:
  - connect: {}
  - send: { generate: 64KiB }
  - close_write: {}
  - receive: { until: eof, verify: sequence }
`;
const NOT_ECHO = `name: greeting only
transport: tcp
server: { builtin: greeting }
client:
  - connect: {}
  - receive: { until: eof }
`;

async function cli(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (text) => stdout += text,
    stderr: (text) => stderr += text,
  });
  return { code, stdout, stderr };
}

async function withSuite(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "sockspec-target-" });
  try {
    await Deno.writeTextFile(`${dir}/echo.yaml`, ECHO);
    await Deno.writeTextFile(`${dir}/greeting.yaml`, NOT_ECHO);
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const EXAMPLE = new URL("../../examples/echo_server.py", import.meta.url).pathname;
const FAULTY = new URL("../runner/testdata/faulty_echo.py", import.meta.url).pathname;

Deno.test("--target runs the echo scenarios against a server under test", async () => {
  await withSuite(async (dir) => {
    const { code, stdout, stderr } = await cli([
      dir,
      "--reporter",
      "dot",
      "--artifacts",
      `${dir}/failures`,
      "--target",
      `python3 ${EXAMPLE} tcp {host} {port}`,
    ]);
    assert.match(
      stderr,
      /target: 1 scenarios with a built-in echo server run against it; 1 left out/,
    );
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^1 passed, 0 failed/m);
  });
});

Deno.test("--target that answers wrongly fails, with the rerun command repeating --target", async () => {
  await withSuite(async (dir) => {
    const target = `python3 ${FAULTY} drop tcp {host} {port}`;
    const { code, stdout } = await cli([
      dir,
      "--seed",
      "3",
      "--artifacts",
      `${dir}/failures`,
      "--target",
      target,
      "--target-ready",
      "stdout:^ready",
    ]);
    assert.equal(code, 1);
    assert.match(stdout, /lossless.*1000 of 65536 sent bytes lost/);
    assert.ok(
      stdout.includes(`--seed 3 --target '${target}' --target-ready 'stdout:^ready'`),
      stdout,
    );
    const [artifact] = [...Deno.readDirSync(`${dir}/failures`)];
    const record = JSON.parse(await Deno.readTextFile(`${dir}/failures/${artifact.name}`));
    assert.equal(record.seed, 3);
    assert.ok(record.events.some((e: { kind: string }) => e.kind === "stream_check"));
    assert.match(
      stdout,
      new RegExp(`record written to ${dir}/failures/echo-under-test\\.tcp\\.3\\.json`),
    );
  });
});

Deno.test("--target that crashes fails with its exit code", async () => {
  await withSuite(async (dir) => {
    const { code, stdout } = await cli([
      dir,
      "--artifacts",
      `${dir}/failures`,
      "--target",
      `python3 -c "import sys; print('bye'); sys.exit(4)"`,
    ]);
    assert.equal(code, 1);
    assert.match(stdout, /server exited with code 4 before it was ready/);
    assert.match(stdout, /stdout \| bye/);
  });
});

Deno.test("--target that never becomes ready fails within the ready timeout", async () => {
  await withSuite(async (dir) => {
    const started = performance.now();
    const { code, stdout } = await cli([
      dir,
      "--artifacts",
      `${dir}/failures`,
      "--target",
      "sleep 30",
    ]);
    assert.equal(code, 1);
    assert.match(stdout, /waiting for .* to accept connections timed out after 500 ms/);
    assert.ok(performance.now() - started < 10_000);
  });
});

Deno.test("--target-address points the suite at a server already running", async () => {
  await withSuite(async (dir) => {
    using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const serving = (async () => {
      for await (const conn of listener) {
        const buffer = new Uint8Array(65536);
        for (let n; (n = await conn.read(buffer)) !== null;) {
          for (let at = 0; at < n;) at += await conn.write(buffer.subarray(at, n));
        }
        conn.close();
        return;
      }
    })();
    const { code, stdout } = await cli([
      dir,
      "--target-address",
      `127.0.0.1:${listener.addr.port}`,
    ]);
    await serving;
    assert.equal(code, 0, stdout);
  });
});

Deno.test("--target and --target-address together are a usage error", async () => {
  const { code, stderr } = await cli(["--target", "x", "--target-address", "127.0.0.1:1"]);
  assert.equal(code, 2);
  assert.match(stderr, /give one of them, not both/);
});
