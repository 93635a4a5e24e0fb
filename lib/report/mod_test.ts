import assert from "node:assert/strict";
import { join } from "node:path";
import {
  createReporter,
  isReporterName,
  REPORTER_NAMES,
  type ReporterName,
  UnknownReporterError,
} from "./mod.ts";
import { allResults, collector, drive, summaryOf } from "./_fixtures.ts";

// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;]*m/;

/** What each reporter's output must start with, and a line it must contain. */
const SHAPES: Record<ReporterName, { starts: string; contains: RegExp }> = {
  pretty: { starts: "running 4 scenarios", contains: /^1 passed, 2 failed, 1 skipped$/m },
  dot: { starts: ".FFs\n", contains: /^1 passed, 2 failed, 1 skipped$/m },
  json: { starts: '{\n  "version": 1,', contains: /"skipped": 1/ },
  junit: { starts: '<?xml version="1.0"', contains: /<testsuites name="sockspec" tests="4"/ },
  tap: { starts: "TAP version 14\n1..4\n", contains: /^# 1 passed, 2 failed, 1 skipped$/m },
  github: {
    starts: "::error file=scenarios/tcp/upper.yaml,line=12,col=7,title=",
    contains: /^::error file=scenarios\/udp\/boundaries.yaml,line=\d+,col=\d+,title=/m,
  },
  html: { starts: "<!doctype html>", contains: /<b class="failed">2 failed<\/b>/ },
};

Deno.test("the registry holds the seven reporters", () => {
  assert.deepEqual([...REPORTER_NAMES], [
    "pretty",
    "dot",
    "json",
    "junit",
    "tap",
    "github",
    "html",
  ]);
  assert.ok(isReporterName("junit"));
  assert.ok(!isReporterName("xml"));
  assert.ok(!isReporterName("toString"));
});

Deno.test("createReporter throws UnknownReporterError for a name not registered", () => {
  assert.throws(
    () => createReporter("xml" as ReporterName),
    (error: unknown) =>
      error instanceof UnknownReporterError &&
      error.message ===
        'Expected a reporter name among pretty, dot, json, junit, tap, github, html, found "xml"',
  );
});

for (const name of REPORTER_NAMES) {
  Deno.test(`createReporter("${name}") writes its format to the write option`, async () => {
    const out = collector();
    const reporter = createReporter(name, { write: out.write });
    assert.equal(reporter.writesStdout, false);
    await drive(reporter, allResults());
    assert.ok(out.text().startsWith(SHAPES[name].starts), out.text().slice(0, 80));
    assert.match(out.text(), SHAPES[name].contains);
    assert.doesNotMatch(out.text(), ANSI);
  });

  Deno.test(`createReporter("${name}") with output writes the file and nothing else`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const path = join(dir, "a", "b", `report.${name}`);
      const reporter = createReporter(name, { output: path });
      assert.equal(reporter.writesStdout, false);
      await drive(reporter, allResults(), summaryOf(allResults()));
      const text = await Deno.readTextFile(path);
      assert.ok(text.startsWith(SHAPES[name].starts));
      assert.match(text, SHAPES[name].contains);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
