import assert from "node:assert/strict";
import { Parser } from "tap-parser";
import { TapReporter } from "./tap.ts";
import { allResults, collector, drive, nastyResult, passedResult, summaryOf } from "./_fixtures.ts";

interface TapAssert {
  ok: boolean;
  id: number;
  name: string;
  skip: string | boolean;
  diag: Record<string, unknown> | null;
  time: number | null;
}

interface TapParsed {
  asserts: TapAssert[];
  final: {
    ok: boolean;
    count: number;
    pass: number;
    fail: number;
    skip: number;
    plan: { start: number; end: number };
    failures: { tapError?: unknown }[];
  };
  lines: string[];
}

/** Parses TAP with tap-parser (the parser of node-tap), strict mode on. */
function parseTap(text: string): Promise<TapParsed> {
  return new Promise((resolve) => {
    const parser = new Parser({ strict: true });
    const asserts: TapAssert[] = [];
    parser.on("assert", (a: TapAssert) => asserts.push(a));
    parser.on("complete", (final: TapParsed["final"]) => {
      resolve({ asserts, final, lines: text.split("\n") });
    });
    parser.end(text);
  });
}

async function tapOf(results = allResults()): Promise<TapParsed> {
  const out = collector();
  await drive(new TapReporter({ write: out.write }), results);
  return parseTap(out.text());
}

Deno.test("tap starts with the version and plan and counts pass, fail and skip", async () => {
  const { final, lines } = await tapOf();
  assert.deepEqual(lines.slice(0, 3), [
    "TAP version 14",
    "1..4",
    "ok 1 - TCP echo returns every byte [tcp]",
  ]);
  assert.equal(final.ok, false);
  assert.deepEqual(
    [final.count, final.pass, final.fail, final.skip, final.plan.start, final.plan.end],
    [4, 2, 2, 1, 1, 4],
  );
  assert.ok(final.failures.every((f) => f.tapError === undefined || f.tapError === null));
  assert.deepEqual(lines.slice(-3), [
    "# 1 passed, 2 failed, 1 skipped",
    "# duration 3.2 s, seed 12345",
    "",
  ]);
});

Deno.test("tap test points name the scenario and transport, skips carry their reason", async () => {
  const { asserts } = await tapOf();
  assert.deepEqual(asserts.map((a) => [a.id, a.ok, a.name]), [
    [1, true, "TCP echo returns every byte [tcp]"],
    [2, false, "upper-case server answers in capitals [tcp]"],
    [3, false, "UDP keeps datagram boundaries [udp]"],
    [4, true, "kernel netem loss [udp]"],
  ]);
  assert.equal(asserts[3].skip, "needs ip netns: Operation not permitted");
});

Deno.test("tap failures carry a YAML block with message, at, seed, rerun and the diff", async () => {
  const { asserts } = await tapOf();
  const diag = asserts[1].diag!;
  assert.equal(diag.message, 'expected "HELLO\\n" (6 bytes), received "hello\\n" (6 bytes)');
  assert.equal(diag.severity, "fail");
  assert.equal(diag.at, "scenarios/tcp/upper.yaml:12:7");
  assert.equal(diag.peer, "client");
  assert.equal(diag.step, 'receive: { text: "HELLO\\n" }');
  assert.equal(diag.seed, 12345);
  assert.equal(asserts[1].time, 1250); // tap-parser moves duration_ms out of the diagnostics
  assert.match(diag.rerun as string, /^deno task scenarios scenarios\/tcp\/upper\.yaml --name /);
  assert.deepEqual(diag.checks, ["lossless: 5 of 6 bytes corrupted"]);
  assert.match(diag.diff as string, /\n\* 00000000 {2}68 65 6c 6c 6f 0a +\|hello\.\| +received\n/);
  const check = asserts[2].diag!;
  assert.equal(check.message, "checks failed: max_loss");
  assert.equal(check.at, "scenarios/udp/boundaries.yaml:1");
});

Deno.test("tap escapes # and backslash in descriptions and keeps one line a test point", async () => {
  const { asserts, final, lines } = await tapOf([nastyResult(), passedResult()]);
  assert.equal(
    lines[2],
    'not ok 1 - odd <name> & "quotes" \\# not a directive \\\\ \\\\x07bell [unix]',
  );
  assert.equal(asserts[0].name, 'odd <name> & "quotes" # not a directive \\ \\x07bell [unix]');
  assert.equal(
    asserts[0].diag!.message,
    "received \x00\x1b[31m and ]]> and a lone \ud800 surrogate\nsecond line",
  );
  assert.equal(asserts[1].name, "TCP echo returns every byte [tcp]");
  assert.equal(final.count, 2);
  // deno-lint-ignore no-control-regex
  assert.doesNotMatch(lines.join("\n"), /[\x00-\x08\x0b-\x1f]/);
});

Deno.test("tap reports a count that differs from the plan as a failure of the run", async () => {
  const out = collector();
  const reporter = new TapReporter({ write: out.write });
  reporter.start({ total: 3, seed: 1, concurrency: 1 });
  reporter.result(passedResult());
  await reporter.end(summaryOf([passedResult()]));
  const { final } = await parseTap(out.text());
  assert.equal(final.ok, false);
  assert.equal(final.count, 1);
});
