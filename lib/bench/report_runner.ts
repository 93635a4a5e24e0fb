/**
 * Runs the cases of a report, each with a fresh peer process per run and the external tool
 * right after it (side by side in time), and assembles the JSON document.
 *
 * @module
 */
import { measureDatagramThroughput } from "./datagram_throughput.ts";
import { runIperf3 } from "./iperf3.ts";
import { measureEchoCapacity, measureLatencyUnderLoad } from "./latency_under_load.ts";
import { readMachineInfo } from "./machine_info.ts";
import { startPeer } from "./peer_process.ts";
import { type ProgressSink, SILENT_PROGRESS } from "./progress.ts";
import type { ReportOptions } from "./report_args.ts";
import type {
  BenchDocument,
  CaseReport,
  CaseRun,
  DocumentInterval,
  Headline,
  ReferenceRun,
  VerifyReport,
} from "./report_document.ts";
import { type AvailableTools, type BenchCase, planCases } from "./report_plan.ts";
import type {
  DatagramThroughputResult,
  RoundTripResult,
  StreamThroughputResult,
} from "./result_types.ts";
import { measureRoundTrip } from "./round_trip.ts";
import { runSockperfPingPong } from "./sockperf.ts";
import { spreadOf } from "./stats.ts";
import { measureStreamThroughput } from "./stream_throughput.ts";
import { evaluateTargets } from "./targets.ts";
import { runTool, which } from "./_spawn.ts";
import { type MeasureRedisPing, type RedisPingResult, startRedisServer } from "./redis_ping.ts";
import { runRedisBenchmark } from "./redis_benchmark.ts";

/** Options of {@linkcode runReport}. */
export interface RunReportOptions {
  /** Where progress goes. @default {SILENT_PROGRESS} */
  progress?: ProgressSink;
  /** Runs the 1 GiB verified stream; given by the caller when lib/pattern is available. */
  verify?: (
    options: ReportOptions,
    progress: ProgressSink,
  ) => Promise<VerifyReport | { skipped: string }>;
  /** Loads redis-server with PINGs; given by the caller, since the request engine is in lib/runner. */
  measureRedisPing?: MeasureRedisPing;
}

/**
 * Which tools are on PATH, with their version lines. Without `compare`, only the servers that
 * cases need (redis-server) are looked for.
 */
export async function detectTools(compare = true): Promise<
  AvailableTools & {
    versions: { iperf3?: string; sockperf?: string; "redis-benchmark"?: string };
  }
> {
  const redisServer = await which("redis-server");
  if (!compare) return { iperf3: false, sockperf: false, redisServer: !!redisServer, versions: {} };
  const iperf3 = await which("iperf3");
  const sockperf = await which("sockperf");
  const redisBenchmark = await which("redis-benchmark");
  const versions: { iperf3?: string; sockperf?: string; "redis-benchmark"?: string } = {};
  if (redisBenchmark) {
    versions["redis-benchmark"] = await runTool(redisBenchmark, ["--version"], 5000)
      .then((out) => out.stdout.trim().split(" ")[1] ?? "redis-benchmark")
      .catch(() => "redis-benchmark");
  }
  if (iperf3) {
    versions.iperf3 = await runTool(iperf3, ["--version"], 5000)
      .then((out) => out.stdout.split("\n")[0].trim())
      .catch(() => "iperf3");
  }
  if (sockperf) {
    versions.sockperf = await runTool(sockperf, ["--version"], 5000)
      .then((out) => (out.stdout + out.stderr).match(/version (\S+)/)?.[1] ?? "sockperf")
      .catch(() => "sockperf");
  }
  return {
    iperf3: iperf3 !== undefined,
    sockperf: sockperf !== undefined,
    redisServer: redisServer !== undefined,
    redisBenchmark: redisBenchmark !== undefined,
    versions,
  };
}

/** Counts the progress steps of a plan: one per run of each case and of each tool run. */
export function countSteps(cases: readonly BenchCase[], repeat: number): number {
  return cases.filter((c) => !c.skipped).reduce(
    (sum, c) => sum + repeat * ((c.reference ? 2 : 1) + (c.fractions?.length ?? 0)),
    0,
  );
}

/**
 * Runs every case of the plan `options` describes and returns the document. A failing run is
 * recorded in its case's `errors` and the report goes on.
 */
export async function runReport(
  options: ReportOptions,
  hooks: RunReportOptions = {},
): Promise<BenchDocument> {
  const progress = hooks.progress ?? SILENT_PROGRESS;
  const began = performance.now();
  const tools = await detectTools(options.compare);
  const cases = planCases(options, tools);
  const document: BenchDocument = {
    start: {
      timestamp: { time: new Date().toUTCString(), timesecs: Math.floor(Date.now() / 1000) },
      machine: await readMachineInfo(),
      options,
      tools: tools.versions,
    },
    intervals: [],
    end: { cases: [], targets: [], durationSeconds: 0 },
    histograms: {},
  };
  for (const benchCase of cases) {
    const report = await runCase(benchCase, options, document, progress, hooks);
    report.headline = headlineOf(report, options);
    document.end.cases.push(report);
  }
  if (options.verify) {
    document.end.verify = hooks.verify
      ? await hooks.verify(options, progress)
      : { skipped: "the stream verifier (lib/pattern) is not available" };
  }
  document.end.targets = evaluateTargets(document.end.cases, document.end.verify);
  const peaks = document.end.cases.flatMap((c) =>
    c.runs.map((run) => ("resources" in run ? run.resources.clientPeakRssKiB ?? 0 : 0))
  );
  document.end.clientPeakRssKiB = peaks.length ? Math.max(...peaks) : undefined;
  document.end.durationSeconds = (performance.now() - began) / 1000;
  progress.done();
  return document;
}

async function runCase(
  benchCase: BenchCase,
  options: ReportOptions,
  document: BenchDocument,
  progress: ProgressSink,
  hooks: RunReportOptions,
): Promise<CaseReport> {
  const report: CaseReport = { case: benchCase, runs: [], references: [], errors: [] };
  if (benchCase.skipped) return report;
  if (benchCase.kind === "redis_ping") {
    if (hooks.measureRedisPing) {
      await runRedisCase(benchCase, options, report, progress, hooks.measureRedisPing);
    } else report.errors.push("no request engine given for the redis cases (measureRedisPing)");
    return report;
  }
  for (let run = 1; run <= options.repeat; run++) {
    const label = `${benchCase.id} run ${run}/${options.repeat}`;
    try {
      await runOurs(benchCase, options, { run, label, report, document, progress });
    } catch (error) {
      report.errors.push(`run ${run}: ${error}`);
      progress.note(`! ${label}: ${error}`);
    }
    if (benchCase.reference) {
      progress.start(`${benchCase.reference.tool} for ${label}`);
      try {
        report.references.push(await runReference(benchCase, options));
      } catch (error) {
        report.errors.push(`${benchCase.reference.tool} run ${run}: ${error}`);
        progress.note(`! ${benchCase.reference.tool} for ${label}: ${error}`);
      }
    }
  }
  return report;
}

/**
 * Each run: a fresh redis-server, sockspec's load on it, then redis-benchmark on the same
 * server with as many requests as sockspec completed (so both run about as long).
 */
async function runRedisCase(
  benchCase: BenchCase,
  options: ReportOptions,
  report: CaseReport,
  progress: ProgressSink,
  measureRedisPing: MeasureRedisPing,
): Promise<void> {
  const pipeline = benchCase.pipeline ?? 1;
  for (let run = 1; run <= options.repeat; run++) {
    const label = `${benchCase.id} run ${run}/${options.repeat}`;
    try {
      await using server = await startRedisServer();
      progress.start(label);
      const ours = await measureRedisPing({
        port: server.port,
        clients: benchCase.connections ?? 8,
        pipeline,
        warmupMs: options.warmupSeconds * 1000,
        durationMs: options.durationSeconds * 1000,
      });
      report.runs.push(ours);
      if (ours.errors > 0) {
        report.errors.push(`run ${run}: ${ours.errors} errors: ${ours.firstError}`);
      }
      if (benchCase.reference) {
        progress.start(`redis-benchmark for ${label}`);
        const reference = await runRedisBenchmark({
          port: server.port,
          clients: benchCase.connections ?? 8,
          pipeline,
          requests: Math.max(10_000, ours.completed),
        });
        report.references.push({ tool: "redis-benchmark", ...reference });
      }
    } catch (error) {
      report.errors.push(`run ${run}: ${error}`);
      progress.note(`! ${label}: ${error}`);
    }
  }
}

async function runOurs(
  benchCase: BenchCase,
  options: ReportOptions,
  context: {
    run: number;
    label: string;
    report: CaseReport;
    document: BenchDocument;
    progress: ProgressSink;
  },
): Promise<void> {
  const { run, report, document, progress } = context;
  const timing = {
    warmupMs: options.warmupSeconds * 1000,
    durationMs: options.durationSeconds * 1000,
    onProgress: (fraction: number) => progress.update(fraction),
  };
  const socketDir = await Deno.makeTempDir({ prefix: "sockspec-bench-client-" });
  try {
    await using peer = await startPeer(benchCase.transport, {
      ffi: options.ffi && benchCase.kind === "datagram_throughput",
    });
    progress.start(context.label);
    switch (benchCase.kind) {
      case "stream_throughput": {
        const result = await measureStreamThroughput(peer, {
          ...timing,
          sizeBytes: benchCase.sizeBytes,
          connections: benchCase.connections,
        });
        report.runs.push(result);
        document.intervals.push(...intervalsOf(benchCase.id, run, result));
        break;
      }
      case "datagram_throughput": {
        const result = await measureDatagramThroughput(peer, {
          ...timing,
          ffi: options.ffi,
          sizeBytes: benchCase.sizeBytes,
          localPath: `${socketDir}/client.sock`,
        });
        report.runs.push(result);
        document.intervals.push(...intervalsOf(benchCase.id, run, result));
        break;
      }
      case "round_trip": {
        const { histogram, ...result } = await measureRoundTrip(peer, {
          ...timing,
          sizeBytes: benchCase.sizeBytes,
          localPath: `${socketDir}/client.sock`,
        });
        report.runs.push(result);
        document.histograms[`${benchCase.id} #${run}`] = histogramEntry(histogram);
        break;
      }
      case "latency_under_load": {
        const loadOptions = { ...timing, sizeBytes: benchCase.sizeBytes, socketDir };
        const maxPerSecond = await measureEchoCapacity(peer, loadOptions);
        (report.maxPerSecond ??= []).push(maxPerSecond);
        for (const fraction of benchCase.fractions ?? []) {
          progress.start(
            `${context.label} at ${Math.round(fraction * 100)}% of ${Math.round(maxPerSecond)}/s`,
          );
          const { histogram, ...result } = await measureLatencyUnderLoad(peer, {
            ...loadOptions,
            maxPerSecond,
            fraction,
          });
          report.runs.push(result);
          document.histograms[`${benchCase.id} #${run} @${fraction}`] = histogramEntry(histogram);
        }
        break;
      }
    }
  } finally {
    await Deno.remove(socketDir, { recursive: true }).catch(() => {});
  }
}

async function runReference(benchCase: BenchCase, options: ReportOptions): Promise<ReferenceRun> {
  const reference = benchCase.reference!;
  if (reference.tool === "redis-benchmark") {
    throw new Error("redis cases run their reference in runRedisCase");
  }
  if (reference.tool === "iperf3") {
    const result = await runIperf3({
      sizeBytes: benchCase.sizeBytes,
      udp: reference.udp,
      streams: benchCase.connections ?? 1,
      durationSeconds: options.durationSeconds,
      omitSeconds: options.warmupSeconds,
    });
    return { tool: "iperf3", commandLine: result.commandLine, summary: result.summary };
  }
  const result = await runSockperfPingPong({
    sizeBytes: benchCase.sizeBytes,
    tcp: reference.tcp,
    durationSeconds: options.durationSeconds,
    fullRtt: options.fullRtt,
  });
  return { tool: "sockperf", commandLine: result.commandLine, summary: result.summary };
}

function histogramEntry(data: string) {
  return { unit: "ns" as const, encoding: "hdr-compressed-base64" as const, data };
}

function intervalsOf(
  caseId: string,
  run: number,
  result: StreamThroughputResult | DatagramThroughputResult,
): DocumentInterval[] {
  return result.intervals.map((interval) => ({ caseId, run, ...interval }));
}

/** The headline figure of a case over its runs, and the tool's, with their ratio. */
export function headlineOf(report: CaseReport, options: ReportOptions): Headline | undefined {
  if (report.runs.length === 0) return undefined;
  const kind = report.case.kind;
  let figure: string;
  let higherIsBetter = true;
  let ours: number[];
  let theirs: number[] = [];
  if (kind === "stream_throughput") {
    figure = "Gbit/s";
    ours = (report.runs as StreamThroughputResult[]).map((run) => run.bitsPerSecond / 1e9);
    theirs = report.references.flatMap((ref) =>
      ref.tool === "iperf3" ? [ref.summary.receivedBitsPerSecond / 1e9] : []
    );
  } else if (kind === "datagram_throughput") {
    figure = "datagrams/s received";
    ours = (report.runs as DatagramThroughputResult[]).map((run) => run.datagramsPerSecond);
    theirs = report.references.flatMap((ref) =>
      ref.tool === "iperf3" ? [ref.summary.receivedPacketsPerSecond ?? 0] : []
    );
  } else if (kind === "round_trip") {
    figure = options.fullRtt ? "RTT p50 µs" : "RTT/2 p50 µs";
    higherIsBetter = false;
    ours = (report.runs as Omit<RoundTripResult, "histogram">[]).map((run) =>
      options.fullRtt ? run.rtt.p50Micros : run.halfRtt.p50Micros
    );
    theirs = report.references.flatMap((ref) =>
      ref.tool === "sockperf" ? [ref.summary.p50Micros] : []
    );
  } else if (kind === "redis_ping") {
    figure = "requests/s";
    ours = (report.runs as RedisPingResult[]).map((run) => run.requestsPerSecond);
    theirs = report.references.flatMap((ref) =>
      ref.tool === "redis-benchmark" ? [ref.summary.requestsPerSecond] : []
    );
  } else {
    return undefined;
  }
  const oursSpread = spreadOf(ours);
  const theirsSpread = theirs.length > 0 ? spreadOf(theirs) : undefined;
  return {
    figure,
    higherIsBetter,
    ours: oursSpread,
    theirs: theirsSpread,
    ratio: theirsSpread && theirsSpread.median > 0
      ? oursSpread.median / theirsSpread.median
      : undefined,
  };
}

/** Keeps the type of a run list readable in callers. */
export type { CaseRun };
