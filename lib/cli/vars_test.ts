import assert from "node:assert/strict";
import { main } from "./main.ts";
import { SCENARIO_PERMISSIONS } from "../runner/permissions.ts";

const WORD_SERVER = new URL("./testdata/word_server.py", import.meta.url).pathname;

/** A scenario whose command, payload and host come from its variables. */
const GREETS = `name: greets with a word
transport: tcp
requires: [python3]
vars: { WORD: hello, HOST: 127.0.0.1 }
host: "{HOST}"
server:
  command: "python3 ${WORD_SERVER} {host} {port} {WORD}"
  ready: { stdout: "^ready" }
client:
  - connect: {}
  - receive: "{WORD}\\n"
  - expect_eof: {}
`;

/** A scenario that reaches a server already running, at a port given as a variable. */
const REACHES = `name: reaches a running server
transport: tcp
vars: { KV_PORT: 1 }
server: { address: "127.0.0.1:{KV_PORT}" }
client:
  - connect: { port: "{KV_PORT}" }
  - receive: "up\\n"
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

async function withFile(text: string, fn: (file: string, dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "sockspec-vars-" });
  try {
    await Deno.writeTextFile(`${dir}/scenario.yaml`, text);
    await fn(`${dir}/scenario.yaml`, dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a scenario runs with the defaults of its vars", async () => {
  await withFile(GREETS, async (file) => {
    const { code, stdout } = await cli([file, "--reporter", "dot"]);
    assert.equal(code, 0, stdout);
  });
});

Deno.test("--var reaches the command as one word, never as shell syntax", async () => {
  await withFile(GREETS, async (file, dir) => {
    // Pasted unquoted into sh -c, this would run touch and hand the server only "bye".
    const word = `bye $(touch ${dir}/pwned)`;
    const { code, stdout } = await cli([file, "--reporter", "dot", "--var", `WORD=${word}`]);
    assert.equal(code, 0, stdout);
    await assert.rejects(Deno.stat(`${dir}/pwned`), Deno.errors.NotFound);
  });
});

Deno.test("SOCKSPEC_VAR_NAME sets a variable and --var wins over it", async () => {
  // The client expects the environment's word: the server says it only if the variable got it.
  const expectsEnv = GREETS.replace('receive: "{WORD}\\n"', 'receive: "from-env\\n"');
  await withFile(expectsEnv, async (file) => {
    Deno.env.set("SOCKSPEC_VAR_WORD", "from-env");
    try {
      const fromEnv = await cli([file, "--seed", "5"]);
      assert.equal(fromEnv.code, 0, fromEnv.stdout);
      const both = await cli([file, "--var", "WORD=from-flag", "--seed", "5"]);
      assert.equal(both.code, 1, both.stdout);
      assert.match(both.stdout, /received bytes differ/);
    } finally {
      Deno.env.delete("SOCKSPEC_VAR_WORD");
    }
  });
});

Deno.test("a var sets the scenario's host: the run goes over IPv6", async () => {
  await withFile(GREETS.replace("  - expect_eof: {}\n", "  - receive: nothing\n"), async (file) => {
    // A failing run shows its record: the connection is between IPv6 loopback addresses.
    const { code, stdout } = await cli([file, "--var", "HOST=::1"]);
    assert.equal(code, 1);
    assert.match(stdout, /\[::1\]:\d+ -> \[::1\]:\d+/);
  });
});

Deno.test("a var gives the port of a server already running", async () => {
  await withFile(REACHES, async (file) => {
    using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const serving = (async () => {
      const conn = await listener.accept();
      await conn.write(new TextEncoder().encode("up\n"));
      conn.close();
    })();
    const { code, stdout } = await cli([file, "--var", `KV_PORT=${listener.addr.port}`]);
    await serving;
    assert.equal(code, 0, stdout);
  });
});

Deno.test("a --var that no scenario declares exits 2 naming the scenarios and their vars", async () => {
  await withFile(GREETS, async (file) => {
    const { code, stderr, stdout } = await cli([file, "--var", "WROD=bye"]);
    assert.equal(code, 2);
    assert.equal(stdout, "");
    assert.match(stderr, /--var WROD: no selected scenario declares it/);
    assert.match(stderr, /scenario\.yaml#greets with a word: WORD, HOST/);
  });
});

Deno.test("the rerun command repeats --var", async () => {
  await withFile(GREETS.replace('receive: "{WORD}\\n"', 'receive: "hello\\n"'), async (file) => {
    const { code, stdout } = await cli([file, "--var", "WORD=two words", "--seed", "9"]);
    assert.equal(code, 1, stdout);
    assert.ok(stdout.includes("--seed 9 --var 'WORD=two words'"), stdout);
  });
});

Deno.test("deno task scenarios' permissions let SOCKSPEC_VAR_NAME be read", async () => {
  const expectsEnv = GREETS.replace('receive: "{WORD}\\n"', 'receive: "from-env\\n"');
  await withFile(expectsEnv, async (file) => {
    const root = new URL("../../", import.meta.url).pathname;
    const { code, stdout } = await new Deno.Command(Deno.execPath(), {
      args: ["run", ...SCENARIO_PERMISSIONS, "cli.ts", file, "--reporter", "dot"],
      cwd: root,
      env: { SOCKSPEC_VAR_WORD: "from-env" },
      stdout: "piped",
      stderr: "null",
    }).output();
    const text = new TextDecoder().decode(stdout);
    assert.equal(code, 0, text);
  });
});

Deno.test("a scenario with kernel faults gets its --var values in the namespace run", async () => {
  const expectsFlag = `name: word through netem
transport: tcp
vars: { WORD: default }
network: { duplicate: "1%" }
server: { builtin: echo }
client:
  - connect: {}
  - send: "{WORD}"
  - close_write: {}
  - receive: { text: "from-flag", until: eof }
`;
  await withFile(expectsFlag, async (file) => {
    const { code, stdout } = await cli([file, "--var", "WORD=from-flag", "--reporter", "dot"]);
    if (/skipped/.test(stdout)) return; // No root or no ip netns here: said so by the skip.
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^1 passed, 0 failed/m);
  });
});
