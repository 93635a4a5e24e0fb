/**
 * The shipped scenarios against examples/faulty_echo.py: a correct echo passes whatever legal
 * liberties it takes with a stream (splitting, coalescing, holding writes), and each way of
 * breaking it fails with the right diagnosis in the headline of every failing scenario.
 *
 * A representative subset of the suite runs per variant (a generated and a literal scenario per
 * kind of transport), so that the test stays within a few minutes; the whole suite against every
 * variant is a manual run (see the README's section on --target).
 */
import assert from "node:assert/strict";
import { main } from "../lib/cli/main.ts";
import type { Transport } from "../lib/common/transport.ts";

const ECHO = new URL("../examples/faulty_echo.py", import.meta.url).pathname;
// The interpreter itself, not a version manager's shim (pyenv's costs 0.4 s a start, and several
// seconds on a loaded machine, against the target's readiness timeout).
const PYTHON = new TextDecoder().decode(
  (await new Deno.Command("python3", { args: ["-c", "import sys; print(sys.executable)"] })
    .output())
    .stdout,
).trim();
const STREAM_SCENARIOS = [
  "scenarios/echo/what_is_sent_comes_back.yaml",
  "scenarios/stream/echo_half_close.yaml",
  "scenarios/stream/hex_and_base64.yaml",
];
const DATAGRAM_SCENARIOS = [
  "scenarios/echo/what_is_sent_comes_back.yaml",
  "scenarios/datagram/generated_flow.yaml",
  "scenarios/datagram/echo_boundaries.yaml",
];

/**
 * What a failing scenario's headline must say, by fault, on streams and on datagrams. A literal
 * datagram that differs is diagnosed from its socket's history (numbers from #0, the first sent):
 * a byte diff alone does not pass.
 */
const DIAGNOSES: Record<string, { stream?: RegExp; datagram?: RegExp }> = {
  upper: {
    stream:
      /intact: client\/main: \d+ of \d+ received bytes corrupted|the same letters in another case/,
    datagram: /received datagrams corrupted \(bytes altered|the same letters in another case/,
  },
  drop: {
    // The literal scenario reads 6 bytes: the byte after the one dropped takes its place, and
    // the connection's transcript says which byte never came back.
    stream:
      /lossless: client\/main: 1 of \d+ sent bytes lost|the echo on client\/main so far: 1 byte sent at offset 5 has not come back, the bytes after it have \(lost, or reordered\)/,
    datagram: /1 of \d+ sent datagrams lost \(#1\)|the echo of #2: #1 lost or reordered/,
  },
  duplicate: {
    stream: /no_duplicates: client\/main: 22 of \d+ received bytes duplicated/,
    datagram: /1 of \d+ received datagrams duplicated \(#1\)|a duplicate of #1, whose echo came/,
  },
  reorder: {
    stream: /ordered: client\/main: 22 of \d+ received bytes reordered/,
    datagram: /1 of \d+ received datagrams reordered|the echo of #2: #1 lost or reordered/,
  },
  truncate: {
    stream: /lossless: client\/main: \d+ of \d+ sent bytes lost|cut short/,
    datagram:
      /received datagrams truncated \(#1: \d+ of \d+ bytes\)|truncated or split: the first 2 of the 5 bytes of #1/,
  },
  merge: { datagram: /received datagrams merged \(#1\+#2\)|datagrams #1\+#2 merged into one/ },
  split: {
    datagram:
      /sent datagrams split \(#1 in \d+ \+ \d+ bytes\)|truncated or split: the first 2 of the 5 bytes of #1/,
  },
  hang: {
    stream: /timed out after \d+ ms, after 0 (of the \d+ )?bytes/,
    datagram:
      /timed out after \d+ ms.*sent \d+ datagrams and received none|0 of the \d+ datagrams (of a window|sent) came back within/,
  },
};

interface Result {
  name: string;
  status: string;
  failure?: { message: string };
}

async function runAgainst(mode: string, transport: Transport, options = ""): Promise<Result[]> {
  const stream = transport === "tcp" || transport === "unix";
  const address = transport === "tcp" || transport === "udp" ? "{host} {port}" : "{path}";
  let stdout = "";
  const dir = await Deno.makeTempDir({ prefix: "sockspec-faulty-" });
  try {
    await main([
      ...(stream ? STREAM_SCENARIOS : DATAGRAM_SCENARIOS),
      "--transport",
      transport,
      "--reporter",
      "json",
      "--artifacts",
      dir,
      "--target",
      `${PYTHON} ${ECHO} ${mode} ${transport} ${address} ${options}`.trim(),
      "--target-ready",
      "stdout:^ready",
    ], { stdout: (text) => stdout += text, stderr: () => {} });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  return JSON.parse(stdout).results;
}

const STREAMS: Transport[] = ["tcp", "unix"];
const DATAGRAMS: Transport[] = ["udp", "unixgram"];

for (const transport of [...STREAMS, ...DATAGRAMS]) {
  const stream = STREAMS.includes(transport);
  const legal = stream
    ? ["ok", "ok --split", "ok --coalesce", "ok --hold", "merge", "split"]
    : ["ok"];
  Deno.test(`a correct echo passes on ${transport}: ${legal.join(", ")}`, async () => {
    for (const variant of legal) {
      const [mode, ...options] = variant.split(" ");
      const results = await runAgainst(mode, transport, options.join(" "));
      assert.ok(results.length >= 2, `${variant}: ${results.length} scenarios ran`);
      for (const r of results) {
        assert.equal(
          r.status,
          "passed",
          `${variant} on ${transport}: ${r.name}: ${r.failure?.message}`,
        );
      }
    }
  });

  for (const [mode, diagnosis] of Object.entries(DIAGNOSES)) {
    const says = stream ? diagnosis.stream : diagnosis.datagram;
    if (says === undefined) continue;
    Deno.test(`an echo that breaks with ${mode} on ${transport} fails, saying so`, async () => {
      const results = await runAgainst(mode, transport);
      const failed = results.filter((r) => r.status === "failed");
      assert.ok(failed.length > 0, `no scenario caught ${mode} on ${transport}`);
      for (const r of failed) {
        assert.match(r.failure!.message, says, `${r.name}: ${r.failure!.message}`);
      }
    });
  }
}
