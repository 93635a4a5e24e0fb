import assert from "node:assert/strict";
import { join } from "node:path";
import { PrettyReporter } from "./pretty.ts";
import {
  allResults,
  collector,
  drive,
  failedStepResult,
  passedResult,
  skippedResult,
  summaryOf,
} from "./_fixtures.ts";

// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;]*m/;
const ERASE = "\r\x1b[2K";

Deno.test("pretty prints a line a scenario and ends with the summary line alone", async () => {
  const out = collector();
  await drive(new PrettyReporter({ write: out.write }), allResults());
  const lines = out.text().split("\n");
  assert.deepEqual(lines.slice(0, 5), [
    "running 4 scenarios (seed 12345, concurrency 2)",
    "✓ TCP echo returns every byte [tcp] (43 ms)",
    "✗ upper-case server answers in capitals [tcp] (1.3 s)",
    "✗ UDP keeps datagram boundaries [udp] (310 ms)",
    "- kernel netem loss [udp] skipped: needs ip netns: Operation not permitted",
  ]);
  assert.deepEqual(lines.slice(-3), [
    "1 passed, 2 failed, 1 skipped",
    "duration 3.2 s, seed 12345",
    "",
  ]);
  assert.equal(lines.filter((l) => /^\d+ passed, \d+ failed/.test(l)).length, 1);
  assert.doesNotMatch(out.text(), ANSI);
  assert.ok(!out.text().includes("\r"), "no cursor movement without a terminal");
});

Deno.test("pretty prints a failure block for each failed scenario, after the lines", async () => {
  const out = collector();
  await drive(new PrettyReporter({ write: out.write }), allResults());
  const text = out.text();
  const blocks = text.split("\nfailures:\n")[1];
  assert.ok(blocks, "a failures section");
  assert.match(
    blocks,
    /^\n✗ upper-case server answers in capitals \[tcp\] {2}scenarios\/tcp\/upper\.yaml:3\n/,
  );
  assert.match(
    blocks,
    /\n✗ UDP keeps datagram boundaries \[udp\] {2}scenarios\/udp\/boundaries\.yaml:1\n/,
  );
  assert.match(blocks, / {2}\* 00000000 {2}68 65 6c 6c 6f 0a/);
  assert.match(blocks, / {2}events \(last 20 of 25\):/);
  assert.match(blocks, / {2}rerun: deno task scenarios scenarios\/tcp\/upper\.yaml --name/);
  assert.equal(text.split("✗ upper-case server").length, 3, "once in the line, once in the block");
});

Deno.test("pretty leaves ', N skipped' out when nothing was skipped", async () => {
  const out = collector();
  const results = [passedResult(), failedStepResult()];
  await drive(new PrettyReporter({ write: out.write }), results, summaryOf(results, 999));
  assert.match(out.text(), /\n1 passed, 1 failed\nduration 999 ms, seed 12345\n$/);
});

Deno.test("pretty with verbose shows check verdicts and notes of passed scenarios", async () => {
  const out = collector();
  await drive(new PrettyReporter({ write: out.write, verbose: true }), [passedResult()]);
  assert.match(
    out.text(),
    /\(43 ms\)\n {4}✓ ordered: 1048576 of 1048576 bytes in order\n {4}✓ lossless: 0 bytes lost\n {4}client wrote/,
  );
});

Deno.test("pretty with progress redraws one status line and erases it before other text", async () => {
  const out = collector();
  const reporter = new PrettyReporter({ write: out.write, progress: true, columns: 60 });
  reporter.start({ total: 2, seed: 1, concurrency: 2 });
  reporter.begin("a", "first scenario", "tcp");
  reporter.begin("b", "second scenario", "unix");
  // 60 columns: the status line is cut to 59 characters, the last one an ellipsis.
  assert.ok(
    out.text().endsWith(`${ERASE}0/2 done, running: first scenario [tcp], second scenario […`),
  );
  reporter.result({ ...passedResult(), id: "a", name: "first scenario" });
  assert.ok(
    out.text().endsWith(
      `${ERASE}✓ first scenario [tcp] (43 ms)\n${ERASE}1/2 done, running: second scenario [unix]`,
    ),
  );
  reporter.result({ ...passedResult(), id: "b", name: "second scenario", transport: "unix" });
  await reporter.end({ ...summaryOf([]), passed: 2 });
  const text = out.text();
  assert.ok(text.endsWith(`${ERASE}\n2 passed, 0 failed\nduration 3.2 s, seed 12345\n`));
  for (const line of text.split("\n")) {
    const status = line.slice(line.lastIndexOf(ERASE) + ERASE.length);
    assert.ok(status.length <= 59, `status line cut to width: ${status}`);
  }
});

Deno.test("pretty colours symbols and the summary when colour is on", async () => {
  const out = collector();
  await drive(new PrettyReporter({ write: out.write, color: true }), [
    passedResult(),
    skippedResult(),
  ]);
  // deno-lint-ignore no-control-regex
  assert.match(out.text(), /\x1b\[32m✓\x1b\[39m TCP echo/);
  // deno-lint-ignore no-control-regex
  assert.match(out.text(), /\x1b\[32m1 passed, 0 failed, 1 skipped\x1b\[39m/);
});

Deno.test("pretty with an output path writes the whole report to the file at the end", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "nested", "deeper", "report.txt");
    const reporter = new PrettyReporter({ output: path, color: undefined });
    assert.equal(reporter.writesStdout, false);
    await reporter.start({ total: 1, seed: 12345, concurrency: 1 });
    await reporter.result(failedStepResult());
    await assert.rejects(Deno.stat(path), Deno.errors.NotFound);
    await reporter.end(summaryOf([failedStepResult()]));
    const text = await Deno.readTextFile(path);
    assert.match(text, /^running 1 scenario \(seed 12345, concurrency 1\)\n✗ upper-case/);
    assert.match(text, /\n0 passed, 1 failed\n/);
    assert.doesNotMatch(text, ANSI);
    assert.ok(!text.includes("\r"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
