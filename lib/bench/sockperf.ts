/**
 * sockperf (https://github.com/Mellanox/sockperf, sockperf(1)): runs `sockperf server` and
 * `sockperf ping-pong` on loopback and reads the latency report it prints.
 *
 * @module
 */
import { freePort, runTool, startServer } from "./_spawn.ts";

/** The figures of one `sockperf ping-pong` run, in µs. */
export interface SockperfSummary {
  /** `3.7-no.git`. */
  version?: string;
  protocol: "tcp" | "udp";
  /**
   * True if the figures are full round trips (`--full-rtt`, "Round trip is ..."); false if
   * sockperf halved them (its default, "Latency is ...").
   */
  fullRtt: boolean;
  /** Seconds of the measured part, after sockperf's own warm-up. */
  seconds: number;
  sentMessages: number;
  receivedMessages: number;
  observations: number;
  meanMicros: number;
  stdevMicros: number;
  minMicros: number;
  maxMicros: number;
  p25Micros: number;
  p50Micros: number;
  p75Micros: number;
  p90Micros: number;
  p99Micros: number;
  p999Micros: number;
  p9999Micros: number;
  p99999Micros: number;
  dropped: number;
  duplicated: number;
  outOfOrder: number;
}

/** sockperf's output was not what this parser expects. */
export class SockperfOutputError extends Error {
  override name = "SockperfOutputError";
}

/**
 * Reads what `sockperf ping-pong` prints (stdout and stderr together), ANSI colour codes
 * included: the `[Valid Duration]` line, the `avg-rtt` or `avg-latency` line, the drop counts,
 * and the `percentile` lines.
 *
 * @throws {SockperfOutputError} if a required line is missing.
 */
export function parseSockperfOutput(text: string): SockperfSummary {
  // deno-lint-ignore no-control-regex
  const plain = text.replace(/\x1b\[[0-9;]*m/g, "");
  const need = (pattern: RegExp, what: string) => {
    const match = plain.match(pattern);
    if (!match) throw new SockperfOutputError(`Expected ${what} in sockperf output, found none`);
    return match;
  };
  const valid = need(
    /\[Valid Duration\] RunTime=([\d.]+) sec; SentMessages=(\d+); ReceivedMessages=(\d+)/,
    "the [Valid Duration] line",
  );
  const average = need(
    /avg-(rtt|latency)=([\d.]+) \(std-dev=([\d.]+)\)/,
    "the avg-rtt or avg-latency line",
  );
  const drops = need(
    /# dropped messages = (\d+); # duplicated messages = (\d+); # out-of-order messages = (\d+)/,
    "the dropped messages line",
  );
  const observations = need(/Total (\d+) observations/, "the observation count");
  const percentile = (p: string) =>
    Number(
      need(new RegExp(`percentile ${p.replace(".", "\\.")} =\\s*([\\d.]+)`), `percentile ${p}`)[1],
    );
  const protocol = /# TCP/.test(plain) ? "tcp" : "udp";
  return {
    version: plain.match(/version #(\S+)/)?.[1],
    protocol,
    fullRtt: average[1] === "rtt",
    seconds: Number(valid[1]),
    sentMessages: Number(valid[2]),
    receivedMessages: Number(valid[3]),
    observations: Number(observations[1]),
    meanMicros: Number(average[2]),
    stdevMicros: Number(average[3]),
    minMicros: Number(need(/<MIN> observation =\s*([\d.]+)/, "the MIN line")[1]),
    maxMicros: Number(need(/<MAX> observation =\s*([\d.]+)/, "the MAX line")[1]),
    p25Micros: percentile("25.000"),
    p50Micros: percentile("50.000"),
    p75Micros: percentile("75.000"),
    p90Micros: percentile("90.000"),
    p99Micros: percentile("99.000"),
    p999Micros: percentile("99.900"),
    p9999Micros: percentile("99.990"),
    p99999Micros: percentile("99.999"),
    dropped: Number(drops[1]),
    duplicated: Number(drops[2]),
    outOfOrder: Number(drops[3]),
  };
}

/** Options of {@linkcode runSockperfPingPong}. */
export interface RunSockperfOptions {
  /** Message size (`-m`), at least 14 (sockperf's header). */
  sizeBytes: number;
  /** TCP (`--tcp`) instead of UDP. @default {false} */
  tcp?: boolean;
  /** Measured seconds (`-t`, whole seconds; sockperf adds its own 400 ms warm-up). */
  durationSeconds: number;
  /** Report full round trips (`--full-rtt`). @default {true} */
  fullRtt?: boolean;
  /** The sockperf binary. @default {"sockperf"} */
  command?: string;
}

/** A sockperf run: the parsed figures and the raw text. */
export interface SockperfRun {
  summary: SockperfSummary;
  commandLine: string;
  output: string;
}

/**
 * Runs `sockperf server` on 127.0.0.1 and `sockperf ping-pong` against it.
 *
 * @throws {ToolError} if sockperf is missing, fails, or overruns its time.
 * @throws {SockperfOutputError} if its output cannot be read.
 */
export async function runSockperfPingPong(options: RunSockperfOptions): Promise<SockperfRun> {
  const command = options.command ?? "sockperf";
  const tcp = options.tcp ?? false;
  const port = freePort(tcp ? "tcp" : "udp");
  const duration = Math.max(1, Math.round(options.durationSeconds));
  const protocolArgs = tcp ? ["--tcp"] : [];
  await using server = await startServer(
    command,
    ["server", ...protocolArgs, "-i", "127.0.0.1", "-p", String(port)],
    (line) => /PORT =\s*\d+/.test(line),
  );
  const args = [
    "ping-pong",
    ...protocolArgs,
    "-i",
    "127.0.0.1",
    "-p",
    String(port),
    "-m",
    String(options.sizeBytes),
    "-t",
    String(duration),
    ...(options.fullRtt ?? true ? ["--full-rtt"] : []),
  ];
  const { stdout, stderr } = await runTool(command, args, (duration + 20) * 1000);
  await server.stop({ signal: "SIGINT", timeoutMs: 3000 });
  const output = stdout + stderr;
  return {
    summary: parseSockperfOutput(output),
    commandLine: `${command} ${args.join(" ")}`,
    output,
  };
}
