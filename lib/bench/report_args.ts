/**
 * Command-line flags of the report task (`deno task bench`), read with `node:util` parseArgs.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { parseSize } from "./sizes.ts";
import { BENCH_TRANSPORTS, type BenchTransport, parseTransport } from "./transport.ts";

/** What the report runs. Times are in seconds as given on the command line. */
export interface ReportOptions {
  /** Length of each measured window, in s. */
  durationSeconds: number;
  /** Discarded warm-up before each window, in s. */
  warmupSeconds: number;
  /** Runs of each measurement, for the run-to-run spread. */
  repeat: number;
  transports: BenchTransport[];
  /** Message sizes for throughput, in bytes. */
  sizes: number[];
  /** Message sizes for round trips and latency under load, in bytes. */
  latencySizes: number[];
  /** Connection counts for stream throughput. */
  connections: number[];
  /** Fractions of the measured maximum rate for latency under load. */
  loadFractions: number[];
  /** Where to write the JSON results. */
  jsonPath: string;
  /** Where to write the HTML report with charts, if anywhere. */
  htmlPath?: string;
  /** Compare full round trips (sockperf `--full-rtt`) rather than halved ones. */
  fullRtt: boolean;
  /** Run iperf3 and sockperf where installed. */
  compare: boolean;
  /** Also stream 1 GiB through TCP with the sequence verifier and report peak RSS. */
  verify: boolean;
  /** Bytes streamed by the verify run. */
  verifyBytes: number;
  /** The short CI run was asked for. */
  quick: boolean;
  /**
   * The UDP throughput peer receives through libc's recvmmsg (Deno FFI) in a Worker instead of
   * Deno's `DatagramConn.receive`: opt-in, as it measures libc rather than Deno on that side.
   */
  ffi: boolean;
  help: boolean;
}

/** A flag had a value that cannot be used. */
export class ReportArgsError extends Error {
  override name = "ReportArgsError";
}

/** The defaults, and what `--quick` changes. */
export const DEFAULT_REPORT_OPTIONS: Readonly<ReportOptions> = {
  durationSeconds: 3,
  warmupSeconds: 1,
  repeat: 3,
  transports: [...BENCH_TRANSPORTS],
  sizes: [64, 1024, 64 * 1024, 128 * 1024, 1024 * 1024],
  latencySizes: [64, 1024],
  connections: [1, 4],
  loadFractions: [0.25, 0.5, 0.75],
  jsonPath: "bench-results.json",
  fullRtt: false,
  compare: true,
  verify: false,
  verifyBytes: 1024 ** 3,
  quick: false,
  ffi: false,
  help: false,
};

/** `--quick`: one short run of the main cases, for CI (about 40 s with the tools). */
export const QUICK_REPORT_OPTIONS: Partial<ReportOptions> = {
  durationSeconds: 1,
  warmupSeconds: 0.5,
  repeat: 1,
  sizes: [64, 1024, 128 * 1024],
  latencySizes: [64],
  connections: [1],
  loadFractions: [0.5],
  verifyBytes: 64 * 1024 ** 2,
};

/** The `--help` text. */
export const REPORT_HELP = `deno task bench [flags]

Measures throughput, datagram loss, round-trip time and latency under load on tcp, unix, udp
and unixgram, side by side with iperf3 and sockperf where installed, prints tables and writes
JSON (shaped like iperf3's {start, intervals, end}, plus HDR histograms).

Flags:
  --duration S       measured window of each case, seconds (default 3)
  --warmup S         discarded warm-up before each window, seconds (default 1)
  --repeat N         runs of each case, for the run-to-run spread (default 3)
  --transports LIST  comma-separated: tcp,unix,udp,unixgram (default all)
  --sizes LIST       throughput message sizes: 64,1K,64K,128K,1M (default)
  --latency-sizes L  round-trip and load message sizes (default 64,1K)
  --connections LIST stream connection counts (default 1,4)
  --fractions LIST   latency-under-load rates as fractions of the maximum (default 0.25,0.5,0.75)
  --json PATH        where to write the JSON results (default bench-results.json); the
                     latency histograms go beside it as PATH-stem.<case>.hgrm files
  --html PATH        also write an HTML report with charts (percentile distributions, latency
                     over time, throughput beside iperf3 and sockperf, targets)
  --full-rtt         compare full round trips with sockperf --full-rtt (default: halved, as
                     sockperf prints by default); both are always in the JSON
  --no-compare       do not run iperf3 and sockperf
  --verify           also stream 1 GiB (64 MiB with --quick) through TCP with the sequence
                     verifier and report peak RSS
  --quick            short run for CI: 1 s windows, 1 run, sizes 64,1K,128K, 1 connection
  --ffi              the UDP throughput peer receives with recvmmsg through Deno FFI, 64
                     datagrams a call (opt-in: that side is then libc, not Deno's socket)
  --help             this text
`;

/**
 * Reads the report flags. `--quick` sets its defaults first; explicit flags win over them.
 *
 * @throws {ReportArgsError} on an unknown flag or a value that is not usable.
 */
export function parseReportArgs(args: string[]): ReportOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowNegative: true,
      options: {
        duration: { type: "string" },
        warmup: { type: "string" },
        repeat: { type: "string" },
        transports: { type: "string" },
        sizes: { type: "string" },
        "latency-sizes": { type: "string" },
        connections: { type: "string" },
        fractions: { type: "string" },
        json: { type: "string" },
        html: { type: "string" },
        "full-rtt": { type: "boolean" },
        compare: { type: "boolean" },
        verify: { type: "boolean" },
        quick: { type: "boolean" },
        ffi: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new ReportArgsError(`${(error as Error).message}; see --help`);
  }
  const values = parsed.values;
  const quick = values.quick ?? false;
  const base: ReportOptions = { ...DEFAULT_REPORT_OPTIONS, ...(quick ? QUICK_REPORT_OPTIONS : {}) };
  return {
    durationSeconds: number(values.duration, "--duration", base.durationSeconds, { min: 0.1 }),
    warmupSeconds: number(values.warmup, "--warmup", base.warmupSeconds, { min: 0 }),
    repeat: number(values.repeat, "--repeat", base.repeat, { min: 1, integer: true }),
    transports: list(values.transports, base.transports, parseTransport),
    sizes: list(values.sizes, base.sizes, parseSizeFlag("--sizes")),
    latencySizes: list(
      values["latency-sizes"],
      base.latencySizes,
      parseSizeFlag("--latency-sizes"),
    ),
    connections: list(
      values.connections,
      base.connections,
      (text) => number(text, "--connections", 1, { min: 1, integer: true }),
    ),
    loadFractions: list(values.fractions, base.loadFractions, (text) => {
      const fraction = number(text, "--fractions", 0, { min: 0 });
      if (!(fraction > 0 && fraction <= 1)) {
        throw new ReportArgsError(`--fractions: expected numbers in (0, 1], found "${text}"`);
      }
      return fraction;
    }),
    jsonPath: values.json ?? base.jsonPath,
    ...(values.html !== undefined ? { htmlPath: values.html } : {}),
    fullRtt: values["full-rtt"] ?? base.fullRtt,
    compare: values.compare ?? base.compare,
    verify: values.verify ?? base.verify,
    verifyBytes: base.verifyBytes,
    quick,
    ffi: values.ffi ?? false,
    help: values.help ?? false,
  };
}

function number(
  text: string | undefined,
  flag: string,
  fallback: number,
  rules: { min: number; integer?: boolean },
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < rules.min || (rules.integer && !Number.isInteger(value))) {
    const kind = rules.integer ? "a whole number" : "a number";
    throw new ReportArgsError(`${flag}: expected ${kind} >= ${rules.min}, found "${text}"`);
  }
  return value;
}

function list<T>(text: string | undefined, fallback: T[], parse: (item: string) => T): T[] {
  if (text === undefined) return [...fallback];
  const items = text.split(",").map((item) => item.trim()).filter((item) => item !== "");
  if (items.length === 0) {
    throw new ReportArgsError(`Expected a comma-separated list, found "${text}"`);
  }
  return items.map((item) => {
    try {
      return parse(item);
    } catch (error) {
      if (error instanceof ReportArgsError) throw error;
      throw new ReportArgsError((error as Error).message);
    }
  });
}

function parseSizeFlag(flag: string): (text: string) => number {
  return (text) => {
    try {
      return parseSize(text);
    } catch (error) {
      throw new ReportArgsError(`${flag}: ${(error as Error).message}`);
    }
  };
}
