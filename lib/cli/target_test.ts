import assert from "node:assert/strict";
import { main } from "./main.ts";

// The ready timeout is short only where a test waits for it to run out: python3 can take longer
// than 500 ms to start on a loaded machine.
const echo = (readyTimeout: string) =>
  `name: echo under test
transport: tcp
server: { builtin: echo, ready_timeout: ${readyTimeout} }
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

async function withSuite(fn: (dir: string) => Promise<void>, readyTimeout = "20s") {
  const dir = await Deno.makeTempDir({ prefix: "sockspec-target-" });
  try {
    await Deno.writeTextFile(`${dir}/echo.yaml`, echo(readyTimeout));
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
      stdout.includes(`--seed 3 --target '${target}' --target-ready stdout:\\^ready`),
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
    // The exit leads the headline whether it came before the ready timeout (500 ms) or, on a
    // slow machine where python starts late, after it.
    assert.match(stdout, /^ {2}server exited with code 4[ ;]/m);
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
  }, "500ms");
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
  assert.match(stderr, /give one of them without PEER=/);
});

const WORD_SERVER = new URL("./testdata/word_server.py", import.meta.url).pathname;

/** A scenario whose server peer `kv` is scripted, and says the wrong word. */
const SCRIPTED_KV = `name: kv says the word
transport: [tcp, unix]
requires: [python3]
peers:
  kv:
    role: server
    steps:
      - accept: {}
      - send: "scripted\\n"
  client:
    steps:
      - connect: { to: kv }
      - receive: "real\\n"
`;

/** A scenario whose server is a command that cannot serve. */
const COMMAND_SERVER = `name: command server
transport: tcp
server: { command: "false" }
client:
  - connect: {}
  - receive: "up\\n"
`;

async function withFiles(files: Record<string, string>, fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "sockspec-target-" });
  try {
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(`${dir}/${name}`, text);
    }
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("--target PEER=COMMAND replaces a scripted server peer by name", async () => {
  await withFiles({ "kv.yaml": SCRIPTED_KV }, async (dir) => {
    const { code, stdout, stderr } = await cli([
      dir,
      "--transport",
      "tcp",
      "--target",
      `kv=python3 ${WORD_SERVER} {host} {port} real`,
      "--target-ready",
      "stdout:^ready",
    ]);
    assert.match(stderr, /target: 1 scenarios with server peer kv run against it; 0 left out/);
    assert.equal(code, 0, stdout);
    // Without the target, the scripted kv says the wrong word.
    const scripted = await cli([dir, "--transport", "tcp"]);
    assert.equal(scripted.code, 1, scripted.stdout);
  });
});

Deno.test("--target-address PEER=ADDRESS at host:port leaves out unix transports", async () => {
  await withFiles({ "kv.yaml": SCRIPTED_KV }, async (dir) => {
    const { code, stdout, stderr } = await cli([
      dir,
      "--target-address",
      "kv=127.0.0.1:9",
      "--list",
    ]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /kv says the word\s+\[tcp\]\n/);
    assert.match(stdout, /^1 runs of 1 scenarios/m);
  });
});

Deno.test("--target-address PEER=ADDRESS replaces a command server", async () => {
  await withFiles({ "cmd.yaml": COMMAND_SERVER }, async (dir) => {
    using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const serving = (async () => {
      const conn = await listener.accept();
      await conn.write(new TextEncoder().encode("up\n"));
      conn.close();
    })();
    const run = await cli([
      `${dir}/cmd.yaml`,
      "--target-address",
      `server=127.0.0.1:${listener.addr.port}`,
    ]);
    await serving;
    assert.equal(run.code, 0, run.stdout);
  });
});

Deno.test("--target with a PEER no scenario has exits 2 naming the scenarios and their servers", async () => {
  await withFiles({ "cmd.yaml": COMMAND_SERVER, "kv.yaml": SCRIPTED_KV }, async (dir) => {
    const { code, stdout, stderr } = await cli([dir, "--target", "db=./db-server {port}"]);
    assert.equal(code, 2);
    assert.equal(stdout, "");
    assert.match(stderr, /--target db=\.\.\.: no selected scenario has a server peer named "db"/);
    assert.match(stderr, /cmd\.yaml#command server: server\n/);
    assert.match(stderr, /kv\.yaml#kv says the word: kv\n?/);
  });
});

Deno.test("--target with a PEER that is a client is not a server to replace", async () => {
  await withFiles({ "kv.yaml": SCRIPTED_KV }, async (dir) => {
    const { code, stderr } = await cli([dir, "--target-address", "client=127.0.0.1:1"]);
    assert.equal(code, 2);
    assert.match(stderr, /no selected scenario has a server peer named "client"/);
  });
});

Deno.test("the rerun command repeats --target PEER=COMMAND", async () => {
  await withFiles({ "kv.yaml": SCRIPTED_KV }, async (dir) => {
    const target = `kv=python3 ${WORD_SERVER} {host} {port} wrong`;
    const { code, stdout } = await cli([
      dir,
      "--transport",
      "tcp",
      "--seed",
      "4",
      "--target",
      target,
      "--target-ready",
      "stdout:^ready",
    ]);
    assert.equal(code, 1, stdout);
    assert.ok(stdout.includes(`--seed 4 --target '${target}' --target-ready`), stdout);
  });
});

Deno.test("--target leaves a built-in echo that speaks TLS alone: it is no plain echo", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sockspec-target-tls-" });
  try {
    await Deno.writeTextFile(
      `${dir}/tls.yaml`,
      `name: tls echo
transport: tcp
server: { builtin: echo, listen: { tls: true } }
client:
  - connect: { tls: true }
  - send: "hi"
  - receive: "hi"
`,
    );
    const { code, stdout, stderr } = await cli([
      dir,
      "--artifacts",
      `${dir}/failures`,
      "--target",
      `python3 ${EXAMPLE} tcp {host} {port}`,
    ]);
    assert.match(
      stderr,
      /target: 0 scenarios with a built-in echo server run against it; 1 left out/,
    );
    assert.notEqual(code, 1, stdout);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
