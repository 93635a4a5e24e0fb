import assert from "node:assert/strict";
import { DEFAULT_REPORT_OPTIONS, parseReportArgs, ReportArgsError } from "./report_args.ts";

Deno.test("parseReportArgs with no flags gives the defaults", () => {
  assert.deepEqual(parseReportArgs([]), DEFAULT_REPORT_OPTIONS);
});

Deno.test("parseReportArgs reads every flag", () => {
  const o = parseReportArgs([
    "--duration=2",
    "--warmup",
    "0.5",
    "--repeat=5",
    "--transports=tcp,udp",
    "--sizes=64,1K",
    "--connections=1,2",
    "--fractions=0.5",
    "--json=out.json",
    "--full-rtt",
    "--no-compare",
    "--verify",
  ]);
  assert.equal(o.durationSeconds, 2);
  assert.equal(o.warmupSeconds, 0.5);
  assert.equal(o.repeat, 5);
  assert.deepEqual(o.transports, ["tcp", "udp"]);
  assert.deepEqual(o.sizes, [64, 1024]);
  assert.deepEqual(o.connections, [1, 2]);
  assert.deepEqual(o.loadFractions, [0.5]);
  assert.equal(o.jsonPath, "out.json");
  assert.equal(o.fullRtt, true);
  assert.equal(o.compare, false);
  assert.equal(o.verify, true);
});

Deno.test("parseReportArgs --quick shortens the run, and explicit flags still win", () => {
  const quick = parseReportArgs(["--quick"]);
  assert.equal(quick.quick, true);
  assert.equal(quick.repeat, 1);
  assert.ok(quick.durationSeconds < DEFAULT_REPORT_OPTIONS.durationSeconds);
  assert.equal(parseReportArgs(["--quick", "--repeat=2"]).repeat, 2);
});

Deno.test("parseReportArgs rejects unknown flags and unusable values with the flag's name", () => {
  assert.throws(() => parseReportArgs(["--bogus"]), ReportArgsError);
  assert.throws(() => parseReportArgs(["--repeat=1.5"]), /--repeat/);
  assert.throws(() => parseReportArgs(["--duration=0"]), /--duration/);
  assert.throws(() => parseReportArgs(["--transports=sctp"]), /sctp/);
  assert.throws(() => parseReportArgs(["--sizes=1X"]), /--sizes/);
  assert.throws(() => parseReportArgs(["--fractions=2"]), /--fractions/);
});
