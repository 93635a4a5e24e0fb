/**
 * The tables `deno task bench` prints: one per kind of case, then the targets.
 *
 * @module
 */
import type { BenchDocument, CaseReport, Headline, TargetVerdict } from "./report_document.ts";
import type {
  DatagramThroughputResult,
  LatencyUnderLoadResult,
  RoundTripResult,
  StreamThroughputResult,
} from "./result_types.ts";
import type { RedisPingResult } from "./redis_ping.ts";
import { formatSize } from "./sizes.ts";
import { spreadOf } from "./stats.ts";

/** Lays out rows as a text table with a header rule; numbers right-aligned. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const numeric = header.map((_, i) =>
    rows.every((r) => /^[-+]?[\d.,]+[%x]?$|^-$|^$/.test(r[i] ?? ""))
  );
  const line = (cells: string[]) =>
    cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** Formats a number with `digits` significant digits, grouping thousands. */
export function fmt(value: number | undefined, digits = 3): string {
  if (value === undefined || !Number.isFinite(value)) return "-";
  if (Math.abs(value) >= 10 ** digits) return Math.round(value).toLocaleString("en-US");
  return Number(value.toPrecision(digits)).toString();
}

/** `1.02x`, or `-`. */
export function ratio(value: number | undefined): string {
  return value === undefined ? "-" : `${value.toFixed(2)}x`;
}

/** The whole printed report. */
export function formatReport(document: BenchDocument): string {
  const m = document.start.machine;
  const tools = Object.entries(document.start.tools).map(([k, v]) => `${k} ${v}`).join(", ");
  const o = document.start.options;
  const parts = [
    `sockspec bench: ${m.cpuModel}, ${m.cores} cores, ${m.kernel}, Deno ${m.deno}, V8 ${m.v8}`,
    `${o.durationSeconds} s windows after ${o.warmupSeconds} s warm-up, ${o.repeat} run(s) each; ` +
    `figures are medians over runs, spread = (max - min) / median. Compared with: ${
      tools || "nothing"
    }.${o.ffi ? " The UDP throughput peer receives with recvmmsg through Deno FFI (--ffi)." : ""}`,
  ];
  const cases = document.end.cases;
  const section = (title: string, body: string) => body && parts.push(`\n${title}\n${body}`);
  section("Stream throughput (bytes counted by the receiving peer)", streamTable(cases));
  section(
    "Datagram throughput (datagrams counted by the receiving peer; loss over the whole run)",
    datagramTable(cases),
  );
  section(
    `Round-trip time, closed loop, µs (RTT = full round trip; RTT/2 = sockperf's default "latency"; ratio compares ${
      o.fullRtt ? "RTT with sockperf --full-rtt" : "RTT/2 with sockperf's default"
    })`,
    roundTripTable(cases),
  );
  section(
    "Latency under load, open loop, µs from each message's intended send moment",
    loadTable(cases),
  );
  section(
    "redis PING on a real redis-server, requests/s and request latency µs from the send (sockspec: --load engine, one worker a core; redis-benchmark -t ping_inline, same server, same request count)",
    redisTable(cases),
  );
  section(
    "Resources per case (medians): CPU µs per GB and per message, peak RSS MiB",
    resourceTable(cases),
  );
  section("Targets", targetTable(document.end.targets));
  const skipped = cases.filter((c) => c.case.skipped).map((c) =>
    `  ${c.case.id}: ${c.case.skipped}`
  );
  if (skipped.length) parts.push(`\nSkipped:\n${skipped.join("\n")}`);
  const errors = cases.flatMap((c) => c.errors.map((e) => `  ${c.case.id}: ${e}`));
  if (errors.length) parts.push(`\nErrors:\n${errors.join("\n")}`);
  parts.push(`\nTotal ${fmt(document.end.durationSeconds)} s.`);
  return parts.join("\n") + "\n";
}

function spreadText(headline?: Headline): string {
  if (!headline || headline.ours.runs < 2) return "-";
  const s = headline.ours;
  return `${((100 * (s.max - s.min)) / s.median).toFixed(1)}%`;
}

function median(values: number[]): number | undefined {
  return values.length ? spreadOf(values).median : undefined;
}

function streamTable(cases: readonly CaseReport[]): string {
  const rows = cases.filter((c) => c.case.kind === "stream_throughput" && c.runs.length).map(
    (c) => {
      const runs = c.runs as StreamThroughputResult[];
      const h = c.headline!;
      return [
        c.case.transport,
        formatSize(c.case.sizeBytes),
        String(c.case.connections),
        fmt(h.ours.median),
        fmt(median(runs.map((r) => r.messagesPerSecond))),
        spreadText(h),
        fmt(h.theirs?.median),
        ratio(h.ratio),
      ];
    },
  );
  return rows.length
    ? formatTable([
      "transport",
      "size",
      "conns",
      "Gbit/s",
      "writes/s",
      "spread",
      "iperf3 Gbit/s",
      "ratio",
    ], rows)
    : "";
}

function datagramTable(cases: readonly CaseReport[]): string {
  const rows = cases.filter((c) => c.case.kind === "datagram_throughput" && c.runs.length).map(
    (c) => {
      const runs = c.runs as DatagramThroughputResult[];
      const h = c.headline!;
      const iperf = c.references.flatMap((r) => r.tool === "iperf3" ? [r.summary] : []);
      return [
        c.case.transport,
        formatSize(c.case.sizeBytes),
        fmt(h.ours.median),
        fmt(median(runs.map((r) => r.sentDatagramsPerSecond))),
        `${fmt(median(runs.map((r) => r.lossPercent)), 2)}%`,
        fmt(median(runs.map((r) => r.bitsPerSecond / 1e9))),
        spreadText(h),
        fmt(h.theirs?.median),
        iperf.length ? `${fmt(median(iperf.map((s) => s.lostPercent ?? 0)), 2)}%` : "-",
        ratio(h.ratio),
      ];
    },
  );
  return rows.length
    ? formatTable(
      [
        "transport",
        "size",
        "rx/s",
        "tx/s",
        "loss",
        "Gbit/s",
        "spread",
        "iperf3 rx/s",
        "iperf3 loss",
        "ratio",
      ],
      rows,
    )
    : "";
}

function roundTripTable(cases: readonly CaseReport[]): string {
  const rows = cases.filter((c) => c.case.kind === "round_trip" && c.runs.length).map((c) => {
    const runs = c.runs as Omit<RoundTripResult, "histogram">[];
    const pick = (f: (r: Omit<RoundTripResult, "histogram">) => number) => fmt(median(runs.map(f)));
    const h = c.headline!;
    return [
      c.case.transport,
      formatSize(c.case.sizeBytes),
      pick((r) => r.rtt.minMicros),
      pick((r) => r.rtt.p50Micros),
      pick((r) => r.rtt.p90Micros),
      pick((r) => r.rtt.p99Micros),
      pick((r) => r.rtt.p999Micros),
      pick((r) => r.rtt.maxMicros),
      pick((r) => r.rtt.meanMicros),
      pick((r) => r.rtt.count),
      pick((r) => r.halfRtt.p50Micros),
      spreadText(h),
      fmt(h.theirs?.median),
      ratio(h.ratio),
    ];
  });
  return rows.length
    ? formatTable(
      [
        "transport",
        "size",
        "min",
        "p50",
        "p90",
        "p99",
        "p99.9",
        "max",
        "mean",
        "count",
        "RTT/2 p50",
        "spread",
        "sockperf p50",
        "ratio",
      ],
      rows,
    )
    : "";
}

function loadTable(cases: readonly CaseReport[]): string {
  const rows = cases.filter((c) => c.case.kind === "latency_under_load" && c.runs.length).flatMap(
    (c) => {
      const runs = c.runs as Omit<LatencyUnderLoadResult, "histogram">[];
      const fractions = [...new Set(runs.map((r) => r.fraction))];
      return fractions.map((fraction) => {
        const at = runs.filter((r) => r.fraction === fraction);
        const pick = (f: (r: Omit<LatencyUnderLoadResult, "histogram">) => number) =>
          fmt(median(at.map(f)));
        return [
          c.case.transport,
          formatSize(c.case.sizeBytes),
          `${Math.round(fraction * 100)}%`,
          pick((r) => r.maxPerSecond),
          pick((r) => r.targetPerSecond),
          pick((r) => r.achievedPerSecond),
          pick((r) => r.latency.p50Micros),
          pick((r) => r.latency.p90Micros),
          pick((r) => r.latency.p99Micros),
          pick((r) => r.latency.p999Micros),
          pick((r) => r.latency.maxMicros),
          pick((r) => r.sent - r.answered),
        ];
      });
    },
  );
  return rows.length
    ? formatTable(
      [
        "transport",
        "size",
        "load",
        "max/s",
        "target/s",
        "sent/s",
        "p50",
        "p90",
        "p99",
        "p99.9",
        "max",
        "unanswered",
      ],
      rows,
    )
    : "";
}

function redisTable(cases: readonly CaseReport[]): string {
  const rows = cases.filter((c) => c.case.kind === "redis_ping" && c.runs.length).map((c) => {
    const runs = c.runs as RedisPingResult[];
    const pick = (f: (r: RedisPingResult) => number) => fmt(median(runs.map(f)));
    const tool = c.references.flatMap((r) => r.tool === "redis-benchmark" ? [r.summary] : []);
    const theirs = (f: (s: typeof tool[number]) => number) => fmt(median(tool.map(f)));
    return [
      String(c.case.connections),
      String(c.case.pipeline ?? 1),
      pick((r) => r.workers),
      pick((r) => r.requestsPerSecond),
      pick((r) => r.latency.percentiles["50"]),
      pick((r) => r.latency.percentiles["99"]),
      pick((r) => r.errors),
      theirs((s) => s.requestsPerSecond),
      theirs((s) => s.p50Micros),
      theirs((s) => s.p99Micros),
      ratio(c.headline?.ratio),
    ];
  });
  return rows.length
    ? formatTable([
      "conns",
      "pipeline",
      "workers",
      "requests/s",
      "p50",
      "p99",
      "errors",
      "redis-benchmark req/s",
      "p50",
      "p99",
      "ratio",
    ], rows)
    : "";
}

function resourceTable(cases: readonly CaseReport[]): string {
  const rows = cases.filter((c) =>
    (c.case.kind === "stream_throughput" || c.case.kind === "datagram_throughput") && c.runs.length
  ).map((c) => {
    const runs = c.runs as (StreamThroughputResult | DatagramThroughputResult)[];
    const pick = (f: (r: StreamThroughputResult | DatagramThroughputResult) => number) =>
      fmt(median(runs.map(f)));
    const iperfCpu = c.references.flatMap((r) =>
      r.tool === "iperf3" && r.summary.cpuClientPercent !== undefined
        ? [
          (r.summary.cpuClientPercent / 100) * r.summary.seconds * 1e6 /
          (r.summary.sentBytes / 1e9),
        ]
        : []
    );
    return [
      c.case.transport,
      formatSize(c.case.sizeBytes),
      c.case.connections ? String(c.case.connections) : "-",
      pick((r) => r.resources.clientCpuMicrosPerGB),
      pick((r) => r.resources.peerCpuMicrosPerGB),
      pick((r) => r.resources.clientCpuMicrosPerMessage),
      pick((r) => r.resources.peerCpuMicrosPerMessage),
      fmt(median(iperfCpu)),
      pick((r) => (r.resources.clientPeakRssKiB ?? NaN) / 1024),
      pick((r) => (r.resources.peerPeakRssKiB ?? NaN) / 1024),
    ];
  });
  return rows.length
    ? formatTable(
      [
        "transport",
        "size",
        "conns",
        "client µs/GB",
        "peer µs/GB",
        "client µs/msg",
        "peer µs/msg",
        "iperf3 -c µs/GB",
        "client MiB",
        "peer MiB",
      ],
      rows,
    )
    : "";
}

function targetTable(targets: readonly TargetVerdict[]): string {
  const rows = targets.map((t) => [
    t.met === undefined ? "n/a" : t.met ? "met" : "MISSED",
    t.name,
    fmt(t.ours),
    fmt(t.theirs),
    ratio(t.ratio),
    t.required,
    t.note ?? t.unit,
  ]);
  return formatTable(
    ["verdict", "target", "ours", "theirs", "ratio", "required", "unit / note"],
    rows,
  );
}
