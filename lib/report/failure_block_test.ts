import assert from "node:assert/strict";
import { formatFailure } from "./failure_block.ts";
import { failedCheckResult, failedStepResult, nastyResult } from "./_fixtures.ts";

// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;]*m/;

Deno.test("formatFailure shows message, peer, step and file:line:col of a failed step", () => {
  const lines = formatFailure(failedStepResult()).split("\n");
  assert.equal(
    lines[0],
    "✗ upper-case server answers in capitals [tcp]  scenarios/tcp/upper.yaml:3",
  );
  assert.equal(lines[1], '  expected "HELLO\\n" (6 bytes), received "hello\\n" (6 bytes)');
  assert.equal(
    lines[2],
    '  at client, step receive: { text: "HELLO\\n" } (scenarios/tcp/upper.yaml:12:7)',
  );
});

Deno.test("formatFailure includes the diff, failed checks only, notes, events, seed, rerun", () => {
  const text = formatFailure(failedStepResult());
  assert.match(
    text,
    /\n {2}first difference at offset 0 \(0x0\); expected 6 bytes, received 6 bytes\n/,
  );
  assert.match(text, /\n {2}\* 00000000 {2}68 65 6c 6c 6f 0a +\|hello\.\| +received\n/);
  assert.match(text, /\n {2}failed checks:\n {4}✗ lossless: 5 of 6 bytes corrupted\n/);
  assert.doesNotMatch(text, /ordered: 6 of 6/);
  assert.match(
    text,
    /\n {2}notes:\n {4}client wrote 6 bytes in 1 write; server read them in 1 read\n/,
  );
  assert.match(text, /\n {2}events \(last 20 of 25\):\n {4}time µs/);
  assert.match(
    text,
    /\n {2}seed: 12345\n {2}rerun: deno task scenarios scenarios\/tcp\/upper\.yaml /,
  );
  assert.doesNotMatch(text, ANSI);
});

Deno.test("formatFailure shows the tails of command peers' output with the exit code", () => {
  const text = formatFailure(failedStepResult());
  assert.match(
    text,
    /\n {2}output of server \(exit code 1\):\n {4}stdout \| … 4 earlier lines\n {4}stdout \| request 5\n/,
  );
  assert.match(text, / {4}stdout \| request 14\n {4}stderr \| warning: lowercase mode\n/);
  assert.doesNotMatch(text, /request 4\n/);
});

Deno.test("formatFailure shows every kept event when eventsLimit is Infinity", () => {
  const text = formatFailure(failedStepResult(), { eventsLimit: Infinity });
  assert.match(text, /\n {2}events \(25\):\n/);
  assert.match(text, /listen +127\.0\.0\.1:40123/);
});

Deno.test("formatFailure of a result without a failure names the failed checks", () => {
  const lines = formatFailure(failedCheckResult()).split("\n");
  assert.equal(lines[1], "  checks failed: max_loss");
  assert.ok(lines.includes("    ✗ max_loss: 3 of 1000 datagrams lost, limit 0"));
  assert.ok(!lines.some((l) => l.includes("first difference")));
});

Deno.test("formatFailure escapes control characters and indents every line of a message", () => {
  const text = formatFailure(nastyResult());
  // deno-lint-ignore no-control-regex
  assert.doesNotMatch(text, /[\x00\x07\x0c\x1b]/);
  assert.match(text, /\\x07bell/);
  assert.match(text, /\n {2}received \\x00\\x1b\[31m and .*\n {2}second line\n/);
  assert.match(text, /\n {2}received 5 bytes\n/);
});

Deno.test("formatFailure colours when asked", () => {
  assert.match(formatFailure(failedStepResult(), { color: true }), ANSI);
});
