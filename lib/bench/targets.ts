/**
 * The targets of the benchmark work item, judged from a report's cases.
 *
 * @module
 */
import type { CaseReport, TargetVerdict, VerifyReport } from "./report_document.ts";
import type { RoundTripResult } from "./result_types.ts";
import type { RedisPingResult } from "./redis_ping.ts";
import { formatSize } from "./sizes.ts";
import { spreadOf } from "./stats.ts";

/** Peak RSS allowed for the verified 1 GiB stream, in bytes (100 MB). */
export const VERIFY_RSS_LIMIT_BYTES = 100e6;

/**
 * Judges every target whose cases ran. A target whose case or tool did not run is listed with
 * `met` undefined and a note.
 */
export function evaluateTargets(
  cases: readonly CaseReport[],
  verify?: VerifyReport | { skipped: string },
): TargetVerdict[] {
  const find = (id: string) => cases.find((c) => c.case.id === id && c.runs.length > 0);
  const verdicts: TargetVerdict[] = [
    ratioTarget(
      "TCP 128 KiB writes, 1 connection, vs iperf3 -l 128K",
      find("tcp throughput 128 KiB x1"),
      ">=",
      1.0,
    ),
    ratioTarget(
      "TCP 1 KiB writes, 1 connection, vs iperf3 -l 1K",
      find("tcp throughput 1 KiB x1"),
      ">=",
      1.0,
    ),
    ratioTarget(
      "UDP 1 KiB datagrams received/s vs iperf3 -u -b 0 -l 1K",
      find("udp throughput 1 KiB"),
      ">=",
      0.8,
    ),
    ratioTarget(
      "TCP 64 B RTT p50 vs sockperf ping-pong --tcp -m 64",
      find("tcp round trip 64 B"),
      "<=",
      1.1,
    ),
    unixBelowTcp(find("unix round trip 64 B"), find("tcp round trip 64 B")),
    ratioTarget(
      "redis PING, 8 connections, no pipelining: requests/s vs redis-benchmark -c 8",
      find("redis PING x8"),
      ">=",
      1.0,
    ),
    redisP50Target(find("redis PING x8")),
    ratioTarget(
      "redis PING, 8 connections, pipeline 16: requests/s vs redis-benchmark -c 8 -P 16",
      find("redis PING x8 pipeline 16"),
      ">=",
      1.0,
    ),
  ];
  verdicts.push(verifyTarget(verify));
  return verdicts;
}

function ratioTarget(
  name: string,
  report: CaseReport | undefined,
  comparison: ">=" | "<=",
  bound: number,
): TargetVerdict {
  const required = `${comparison} ${bound.toFixed(1)}x`;
  const headline = report?.headline;
  if (!headline) return { name, unit: "", required, note: "the case did not run" };
  if (headline.ratio === undefined || !headline.theirs) {
    return {
      name,
      ours: headline.ours.median,
      unit: headline.figure,
      required,
      note: "the tool did not run",
    };
  }
  const met = comparison === ">=" ? headline.ratio >= bound : headline.ratio <= bound;
  return {
    name,
    ours: headline.ours.median,
    theirs: headline.theirs.median,
    unit: headline.figure,
    ratio: headline.ratio,
    required,
    met,
  };
}

/** Request latency p50 of the redis PING case (no pipelining) against redis-benchmark's. */
function redisP50Target(report?: CaseReport): TargetVerdict {
  const name = "redis PING, 8 connections, no pipelining: p50 vs redis-benchmark's";
  const required = "<= 1.2x";
  const unit = "request p50 µs";
  if (!report) return { name, unit, required, note: "the case did not run" };
  const ours = spreadOf((report.runs as RedisPingResult[]).map((r) => r.latency.percentiles["50"]))
    .median;
  const theirs = report.references.flatMap((r) =>
    r.tool === "redis-benchmark" ? [r.summary.p50Micros] : []
  );
  if (theirs.length === 0) return { name, ours, unit, required, note: "the tool did not run" };
  const median = spreadOf(theirs).median;
  return {
    name,
    ours,
    theirs: median,
    unit,
    ratio: ours / median,
    required,
    met: ours <= 1.2 * median,
  };
}

function unixBelowTcp(unix?: CaseReport, tcp?: CaseReport): TargetVerdict {
  const name = "Unix stream 64 B RTT p50 below TCP's";
  if (!unix || !tcp) {
    return { name, unit: "RTT p50 µs", required: "< 1.0x", note: "a case did not run" };
  }
  const p50 = (report: CaseReport) =>
    spreadOf((report.runs as RoundTripResult[]).map((run) => run.rtt.p50Micros)).median;
  const ours = p50(unix);
  const theirs = p50(tcp);
  return {
    name,
    ours,
    theirs,
    unit: "RTT p50 µs (unix vs tcp)",
    ratio: ours / theirs,
    required: "< 1.0x",
    met: ours < theirs,
  };
}

function verifyTarget(verify?: VerifyReport | { skipped: string }): TargetVerdict {
  const bytes = verify && "bytes" in verify ? verify.bytes : 1024 ** 3;
  const name = `${formatSize(bytes)} TCP stream verified in order and lossless, peak RSS < 100 MB`;
  if (!verify) return { name, unit: "MB", required: "< 100 MB", note: "not run (--verify)" };
  if ("skipped" in verify) return { name, unit: "MB", required: "< 100 MB", note: verify.skipped };
  const peakBytes = Math.max(verify.clientPeakRssKiB ?? 0, verify.peerPeakRssKiB ?? 0) * 1024;
  return {
    name,
    ours: peakBytes / 1e6,
    unit: "MB peak RSS (largest of both processes)",
    required: "< 100 MB",
    met: verify.passed && peakBytes > 0 && peakBytes < VERIFY_RSS_LIMIT_BYTES,
    note: verify.passed ? undefined : "the verifier found a difference",
  };
}
