/**
 * Values substituted into a command peer's shell line are data, never code: a capture from the
 * network, the allocated socket path and {tmp} are shell-quoted, whatever bytes they hold.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseScenarios } from "../lib/scenario/load.ts";
import { runScenario } from "../lib/runner/run_scenario.ts";
import type { Transport } from "../lib/common/transport.ts";
import { withOwnTempDir } from "../lib/runner/_own_temp_dir.ts";

const HERE = new URL(".", import.meta.url).pathname;

async function run(yaml: string, transport: Transport) {
  const [scenario] = parseScenarios(yaml, join(HERE, "inline.yaml"));
  return await runScenario(scenario, transport, { seed: 1 });
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

Deno.test("a capture from a hostile server reaches a later command as one quoted word", async () => {
  await withOwnTempDir(async (dir) => {
    const marker = join(dir, "pwned");
    // Every shell construct a server could send: command substitution both ways, a separator,
    // a quote that would end a quoted word, a glob and a newline.
    const answers = [`$(touch ${marker})`, `\`touch ${marker}\``, `x; touch ${marker}`, `it's *`];
    for (const answer of answers) {
      const result = await run(
        `name: hostile capture
transport: tcp
server:
  - accept: {}
  - send: ${JSON.stringify(`${answer}\n`)}
peers:
  client_reader:
    steps:
      - connect: {}
      - receive: { until: "\\n", capture: answer }
  client_shell:
    after: client_reader
    command: "printf '[%s]\\\\n' {client_reader.answer}"
    expect_stdout: ${JSON.stringify(`^\\[${answer.replace(/[$()`;*.\\[\]]/g, "\\$&")}\\n\\]$`)}
`,
        "tcp",
      );
      assert.equal(result.status, "passed", `${answer}: ${JSON.stringify(result.failure)}`);
      assert.equal(exists(marker), false, `${answer} ran as a command`);
    }
  });
});

Deno.test("a TMPDIR with a space and $(...) is one word in {tmp} and {path}", async () => {
  await withOwnTempDir(async (dir) => {
    // The shell would run in the scenario's folder: a marker name without a slash fits a folder
    // name, and a short one keeps the socket path within sun_path's 108 bytes.
    const name = `p${crypto.randomUUID().slice(0, 4)}`;
    const marker = join(HERE, name);
    // Under /tmp, short: a TMPDIR where socket paths would not fit is passed over for /tmp
    // (lib/transport/socket_dir.ts), and its $(...) would then never reach a command line.
    const hostile = await Deno.makeTempDir({ dir: "/tmp", prefix: `a b $(touch ${name})` });
    const previous = Deno.env.get("TMPDIR");
    Deno.env.set("TMPDIR", hostile);
    try {
      const result = await run(
        `name: hostile TMPDIR
transport: unix
server: { builtin: echo }
client:
  command: "printf '%s|%s\\\\n' {path} {tmp} && test -S {path}"
  expect_stdout: "^[^|]*a b [$][(]touch [^|]*[|][^|]*a b [$][(]touch .*$"
`,
        "unix",
      );
      assert.equal(result.status, "passed", JSON.stringify(result.failure));
    } finally {
      Deno.env.set("TMPDIR", previous ?? dir);
      if (previous === undefined) Deno.env.delete("TMPDIR");
      await Deno.remove(hostile, { recursive: true });
    }
    const ran = exists(marker);
    if (ran) Deno.removeSync(marker);
    assert.equal(ran, false, "the TMPDIR's $(...) ran as a command");
  });
});
