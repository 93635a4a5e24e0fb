import assert from "node:assert/strict";
import { join } from "node:path";
import { JsonReporter } from "./json.ts";
import { allResults, collector, drive, nastyResult, summaryOf } from "./_fixtures.ts";

Deno.test("json writes one document with version, seed, counts, duration and results", async () => {
  const out = collector();
  await drive(new JsonReporter({ write: out.write }), allResults());
  const doc = JSON.parse(out.text());
  assert.equal(doc.version, 1);
  assert.equal(doc.seed, 12345);
  assert.equal(doc.concurrency, 2);
  assert.deepEqual(doc.summary, { total: 4, passed: 1, failed: 2, skipped: 1 });
  assert.equal(doc.durationMs, 3210);
  assert.deepEqual(
    doc.results.map((r: { status: string; name: string }) => [r.status, r.name]),
    [
      ["passed", "TCP echo returns every byte"],
      ["failed", "upper-case server answers in capitals"],
      ["failed", "UDP keeps datagram boundaries"],
      ["skipped", "kernel netem loss"],
    ],
  );
});

Deno.test("json encodes bytes as hex and text and keeps every event", async () => {
  const out = collector();
  await drive(new JsonReporter({ write: out.write }), allResults());
  const [, failed, check, skipped] = JSON.parse(out.text()).results;
  assert.deepEqual(failed.failure.expected, { hex: "48454c4c4f0a", text: "HELLO\n" });
  assert.deepEqual(failed.failure.received, { hex: "68656c6c6f0a", text: "hello\n" });
  assert.deepEqual(failed.failure.location, {
    file: "scenarios/tcp/upper.yaml",
    line: 12,
    column: 7,
  });
  assert.equal(failed.events.length, 25);
  assert.equal(failed.events[24].stream.corruptedBytes, 5);
  assert.deepEqual(check.events[0].datagram.lostSeqs, [17, 512, 998]);
  assert.equal(skipped.skipReason, "needs ip netns: Operation not permitted");
});

Deno.test("json keeps hex exact for bytes that are not UTF-8 and text that needs escaping", async () => {
  const out = collector();
  await drive(new JsonReporter({ write: out.write }), [nastyResult()]);
  const [result] = JSON.parse(out.text()).results;
  assert.equal(result.failure.received.hex, "000102ff41");
  assert.equal(result.failure.received.text, "\x00\x01\x02\ufffdA");
  assert.equal(result.name, nastyResult().name);
});

Deno.test("json with an output path writes nothing until the end, then the file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "out", "report.json");
    const reporter = new JsonReporter({ output: path });
    await reporter.start({ total: 1, seed: 12345, concurrency: 1 });
    await reporter.result(allResults()[0]);
    await assert.rejects(Deno.stat(join(dir, "out")), Deno.errors.NotFound);
    await reporter.end(summaryOf([allResults()[0]]));
    assert.equal(JSON.parse(await Deno.readTextFile(path)).summary.passed, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
