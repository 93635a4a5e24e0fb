import assert from "node:assert/strict";
import type { CaseReport, Headline } from "./report_document.ts";
import type { BenchCase } from "./report_plan.ts";
import { spreadOf } from "./stats.ts";
import { evaluateTargets } from "./targets.ts";

function report(id: string, ours: number[], theirs: number[], higherIsBetter = true): CaseReport {
  const oursSpread = spreadOf(ours);
  const theirsSpread = theirs.length ? spreadOf(theirs) : undefined;
  const headline: Headline = {
    figure: "x",
    higherIsBetter,
    ours: oursSpread,
    theirs: theirsSpread,
    ratio: theirsSpread ? oursSpread.median / theirsSpread.median : undefined,
  };
  const benchCase = { id, kind: "stream_throughput", transport: "tcp", sizeBytes: 1 } as BenchCase;
  return { case: benchCase, runs: [{} as never], references: [], headline, errors: [] };
}

function roundTrip(id: string, p50: number): CaseReport {
  const r = report(id, [p50], [], false);
  r.runs = [{ rtt: { p50Micros: p50 } } as never];
  return r;
}

Deno.test("evaluateTargets compares medians against the required ratios", () => {
  const verdicts = evaluateTargets([
    report("tcp throughput 128 KiB x1", [40, 38, 41], [39, 39, 39]),
    report("tcp throughput 1 KiB x1", [4], [5]),
    report("udp throughput 1 KiB", [300], [360]),
    report("tcp round trip 64 B", [11], [10], false),
  ]);
  const byName = (start: string) => verdicts.find((v) => v.name.startsWith(start))!;
  assert.equal(byName("TCP 128 KiB").met, true);
  assert.equal(byName("TCP 128 KiB").ratio, 40 / 39);
  assert.equal(byName("TCP 1 KiB").met, false);
  assert.equal(byName("UDP 1 KiB").met, true); // 0.83 >= 0.8
  assert.equal(byName("TCP 64 B RTT").met, true); // 1.1 <= 1.1
});

Deno.test("evaluateTargets says which targets could not be judged, and why", () => {
  const verdicts = evaluateTargets([report("tcp throughput 128 KiB x1", [40], [])]);
  const tcp = verdicts.find((v) => v.name.startsWith("TCP 128 KiB"))!;
  assert.equal(tcp.met, undefined);
  assert.equal(tcp.note, "the tool did not run");
  assert.equal(verdicts.find((v) => v.name.startsWith("TCP 1 KiB"))?.note, "the case did not run");
  assert.match(verdicts.at(-1)!.note ?? "", /--verify/);
});

Deno.test("evaluateTargets compares unix and tcp round trips, and the verify peak RSS", () => {
  const verdicts = evaluateTargets(
    [roundTrip("unix round trip 64 B", 15), roundTrip("tcp round trip 64 B", 20)],
    {
      bytes: 2 ** 30,
      seconds: 2,
      bitsPerSecond: 1,
      clientPeakRssKiB: 60_000,
      peerPeakRssKiB: 45_000,
      summary: {},
      passed: true,
    },
  );
  const unix = verdicts.find((v) => v.name.startsWith("Unix"))!;
  assert.equal(unix.met, true);
  assert.equal(unix.ratio, 0.75);
  const verify = verdicts.at(-1)!;
  assert.equal(verify.ours, 60_000 * 1024 / 1e6);
  assert.equal(verify.met, true);
});

Deno.test("evaluateTargets judges redis requests/s and p50 against redis-benchmark", () => {
  const plain = report("redis PING x8", [30_000], [32_000]);
  plain.runs = [{ latency: { percentiles: { "50": 110 } } } as never];
  plain.references = [{
    tool: "redis-benchmark",
    commandLine: "",
    summary: { p50Micros: 100 } as never,
  }];
  const verdicts = evaluateTargets([
    plain,
    report("redis PING x8 pipeline 16", [220_000], [200_000]),
  ]);
  const byName = (start: string) => verdicts.find((v) => v.name.startsWith(start))!;
  assert.equal(byName("redis PING, 8 connections, no pipelining: requests/s").met, false);
  const p50 = byName("redis PING, 8 connections, no pipelining: p50");
  assert.equal(p50.ratio, 1.1);
  assert.equal(p50.met, true);
  assert.equal(byName("redis PING, 8 connections, pipeline 16").met, true);
});
