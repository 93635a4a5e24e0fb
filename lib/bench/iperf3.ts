/**
 * iperf3 (https://github.com/esnet/iperf, iperf3(1)): runs it on loopback with the same sizes
 * and reads its `-J` JSON output.
 *
 * @module
 */
import { freePort, runTool, startServer } from "./_spawn.ts";
import { toolSize } from "./sizes.ts";

/** The figures of one iperf3 run, from its JSON `end` object. */
export interface Iperf3Summary {
  /** `iperf 3.12`. */
  version: string;
  protocol: "tcp" | "udp";
  /** Bytes per write (`-l`). */
  blockBytes: number;
  /** Parallel streams (`-P`). */
  streams: number;
  /** Seconds of the measured part (omitted seconds excluded). */
  seconds: number;
  sentBytes: number;
  receivedBytes: number;
  sentBitsPerSecond: number;
  receivedBitsPerSecond: number;
  /** UDP: datagrams sent and lost (the receiver's count), the lost share, datagrams/s. */
  packets?: number;
  lostPackets?: number;
  lostPercent?: number;
  sentPacketsPerSecond?: number;
  receivedPacketsPerSecond?: number;
  /** CPU use of the client (host) and server (remote), % of one CPU over the test. */
  cpuClientPercent?: number;
  cpuServerPercent?: number;
}

/** iperf3's JSON was not what this parser expects. */
export class Iperf3OutputError extends Error {
  override name = "Iperf3OutputError";
}

interface SumJson {
  seconds: number;
  bytes: number;
  bits_per_second: number;
  packets?: number;
  lost_packets?: number;
  lost_percent?: number;
}

/**
 * Reads the JSON iperf3 prints with `-J`. TCP figures come from `end.sum_sent` and
 * `end.sum_received`; UDP from the same (iperf3 3.12+) or `end.sum` (older), with the
 * received datagrams counted as received bytes over the block size. Run UDP without `-O`
 * (see {@linkcode runIperf3}).
 *
 * @throws {Iperf3OutputError} if the text is not iperf3 JSON, or iperf3 reported an error.
 */
export function parseIperf3Json(text: string): Iperf3Summary {
  let json;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Iperf3OutputError(`Expected iperf3 -J output, found text that is not JSON: ${error}`);
  }
  if (json.error) throw new Iperf3OutputError(`iperf3 reported: ${json.error}`);
  const testStart = json.start?.test_start;
  const end = json.end;
  if (!testStart || !end) {
    throw new Iperf3OutputError("Expected start.test_start and end in iperf3 JSON, found neither");
  }
  const protocol = String(testStart.protocol).toLowerCase() === "udp" ? "udp" : "tcp";
  const sent: SumJson | undefined = end.sum_sent ?? end.sum;
  const received: SumJson | undefined = end.sum_received ?? end.sum;
  if (!sent || !received) {
    throw new Iperf3OutputError("Expected end.sum_sent or end.sum in iperf3 JSON");
  }
  const blockBytes = Number(testStart.blksize);
  const summary: Iperf3Summary = {
    version: String(json.start.version ?? "iperf3"),
    protocol,
    blockBytes,
    streams: Number(testStart.num_streams),
    seconds: received.seconds,
    sentBytes: sent.bytes,
    receivedBytes: received.bytes,
    sentBitsPerSecond: sent.bits_per_second,
    receivedBitsPerSecond: received.bits_per_second,
    cpuClientPercent: end.cpu_utilization_percent?.host_total,
    cpuServerPercent: end.cpu_utilization_percent?.remote_total,
  };
  if (protocol === "udp") {
    // Datagrams are counted from bytes: with -O, iperf3 3.12 counts omitted losses in
    // lost_packets but not the omitted packets, so its lost_percent can exceed 100.
    const packets = sent.packets ?? Math.round(sent.bytes / blockBytes);
    const receivedPackets = Math.round(received.bytes / blockBytes);
    summary.packets = packets;
    summary.lostPackets = received.lost_packets ?? packets - receivedPackets;
    // iperf3's own figure, even where -O made it absurd (above 100): it is what iperf3 said.
    summary.lostPercent = received.lost_percent ?? (100 * (packets - receivedPackets)) / packets;
    summary.sentPacketsPerSecond = packets / sent.seconds;
    summary.receivedPacketsPerSecond = receivedPackets / received.seconds;
  }
  return summary;
}

/** Options of {@linkcode runIperf3}. */
export interface RunIperf3Options {
  /** Bytes per write (`-l`). */
  sizeBytes: number;
  /** UDP at unlimited rate (`-u -b 0`) instead of TCP. @default {false} */
  udp?: boolean;
  /** Parallel streams (`-P`). @default {1} */
  streams?: number;
  /** Measured seconds (`-t`; iperf3 takes whole seconds, at least 1). */
  durationSeconds: number;
  /**
   * Omitted warm-up seconds (`-O`, whole seconds). Ignored for UDP: iperf3 3.12 then counts
   * the omitted seconds' losses but not their datagrams. @default {1}
   */
  omitSeconds?: number;
  /** The iperf3 binary. @default {"iperf3"} */
  command?: string;
}

/** An iperf3 run: the parsed figures and the raw JSON. */
export interface Iperf3Run {
  summary: Iperf3Summary;
  /** The command line of the client. */
  commandLine: string;
  json: unknown;
}

/**
 * Runs `iperf3 -s -1` on 127.0.0.1 and `iperf3 -c 127.0.0.1 -J` against it.
 *
 * @throws {ToolError} if iperf3 is missing, fails, or overruns its time.
 * @throws {Iperf3OutputError} if its output cannot be read.
 */
export async function runIperf3(options: RunIperf3Options): Promise<Iperf3Run> {
  const command = options.command ?? "iperf3";
  const port = freePort();
  const duration = Math.max(1, Math.round(options.durationSeconds));
  const omit = options.udp ? 0 : Math.max(0, Math.round(options.omitSeconds ?? 1));
  await using server = await startServer(
    command,
    ["-s", "-1", "-B", "127.0.0.1", "-p", String(port), "--forceflush"],
    (line) => line.includes("Server listening"),
  );
  const args = [
    "-c",
    "127.0.0.1",
    "-p",
    String(port),
    "-t",
    String(duration),
    "-O",
    String(omit),
    "-l",
    toolSize(options.sizeBytes),
    "-P",
    String(options.streams ?? 1),
    "-J",
    ...(options.udp ? ["-u", "-b", "0"] : []),
  ];
  const { stdout } = await runTool(command, args, (duration + omit + 20) * 1000);
  await server.stop({ timeoutMs: 5000 });
  return {
    summary: parseIperf3Json(stdout),
    commandLine: `${command} ${args.join(" ")}`,
    json: JSON.parse(stdout),
  };
}
