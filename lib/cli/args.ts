/** The command line of `deno task scenarios`. @module */
import { parseArgs } from "node:util";
import { parseDurationMs } from "../scenario/duration.ts";
import { TRANSPORTS } from "../scenario/schema.ts";
import type { Transport } from "../scenario/model.ts";
import { REPORTER_NAMES, type ReporterName } from "../report/mod.ts";
import { parseEndpoint } from "../transport/address.ts";
import type { Target } from "./target.ts";

/** Thrown for a command line that cannot be run; the CLI exits with code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A reporter and where it writes. */
export interface ReporterChoice {
  name: ReporterName;
  /** File to write; standard output when unset. */
  output?: string;
}

/** Settings of a load run (--bench). */
export interface BenchSettings {
  durationMs: number;
  clients: number;
  ratePerSecond?: number;
  rounds?: number;
  /** File to write the results to as JSON. */
  json?: string;
}

/** The parsed command line. */
export interface CliOptions {
  paths: string[];
  filter?: string | RegExp;
  name?: string;
  tags: string[];
  skipTags: string[];
  transports?: Transport[];
  concurrency: number;
  timeoutMs?: number;
  seed?: number;
  reporters: ReporterChoice[];
  shard?: { index: number; count: number };
  /** The server under test, from --target or --target-address. */
  target?: Target;
  /** Run the scenarios as load tests instead (--bench and its settings). */
  bench?: BenchSettings;
  /** Times to run the whole plan (--repeat), for soak runs. */
  repeat: number;
  /** Where records of failed runs go (--artifacts); `reports/failures` by default. */
  artifactDir: string;
  /** Words of the command line that a rerun must repeat (--target and friends). */
  rerunArgs: string[];
  list: boolean;
  verbose: boolean;
  help: boolean;
}

/** Text of `--help`. */
export const USAGE = `Usage: deno task scenarios [PATH...] [OPTIONS]

Runs the scenario files (.yaml, .yml, .json) under each PATH (default: scenarios/).

Options:
  --filter TEXT          only scenarios whose name contains TEXT (or matches /REGEX/)
  --name NAME            only the scenario named exactly NAME
  --tag TAG              only scenarios with TAG (repeat for any of several)
  --skip-tag TAG         leave out scenarios with TAG
  --transport T          only on transport T: tcp, udp, unix, unixgram (repeatable)
  --concurrency N        scenario runs at once, 1 to 64 (default 4)
  --timeout DURATION     override every scenario's timeout: 500ms, 10s
  --seed N               seed of every random decision (default: random, printed)
  --reporter NAME[=FILE] pretty (default), dot, json, junit, tap; repeatable
  --output FILE          write the last --reporter to FILE
  --shard I/N            run the I-th of N deterministic slices of the suite
  --target COMMAND       run the scenarios against this server instead of their built-in
                         echo; {host}, {port} and {path} are replaced by its address
  --target-address ADDR  the same against a running server: host:port, [v6]:port, /unix/path
  --target-builtin NAME  the built-in server the target stands in for (default echo)
  --target-ready HOW     readiness of --target: port (streams), stdout:REGEX, delay:DURATION
  --artifacts DIR        write the record of each failed run there as JSON
                         (default reports/failures)
  --repeat N             run the whole selection N times in one process (soak)
  --bench                repeat each scenario's client steps as a load test and report
                         rounds/s, Gbit/s and round latency percentiles
  --bench-duration D     how long each load test runs (default 5s)
  --bench-clients N      clients running rounds at once (default 1)
  --bench-rate R         rounds per second over all clients, open loop (default: full speed)
  --bench-rounds N       stop after N rounds in all
  --bench-json FILE      also write the load results as JSON
  --list                 print the scenarios that would run, and exit
  --verbose              show properties and notes of passed scenarios too
  --help                 print this help

Exit codes: 0 all passed, 1 a scenario failed, 2 an invalid scenario file or command line.`;

/**
 * Most scenario runs at once. Each run has its peers, relays and timers on the one event loop;
 * far more than the machine's cores can serve make steps miss their timeouts (false failures).
 */
export const MAX_CONCURRENCY = 64;
/** Most slices of --shard. */
export const MAX_SHARDS = 10_000;

/** A whole number written in decimal digits (not "", "0x10", "1e3" or "16.0"), from 1 to `max`. */
function positiveInt(text: string, flag: string, max = Number.MAX_SAFE_INTEGER): number {
  const value = /^\d{1,16}$/.test(text) ? Number(text) : NaN;
  if (!(value >= 1 && value <= max)) {
    const range = max === Number.MAX_SAFE_INTEGER ? "of 1 or more" : `from 1 to ${max}`;
    throw new UsageError(`${flag}: expected a whole number ${range} in decimal, found "${text}"`);
  }
  return value;
}

function parseShard(text: string): { index: number; count: number } {
  const match = /^(\d{1,6})\/(\d{1,6})$/.exec(text);
  const [index, count] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!match || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw new UsageError(
      `--shard: expected I/N with 1 <= I <= N <= ${MAX_SHARDS}, such as 2/4, found "${text}"`,
    );
  }
  return { index, count };
}

function parseFilter(text: string): string | RegExp {
  const regex = /^\/(.*)\/([a-z]*)$/.exec(text);
  if (!regex) return text;
  try {
    return new RegExp(regex[1], regex[2]);
  } catch (error) {
    throw new UsageError(`--filter: ${(error as Error).message}`);
  }
}

/** Pairs each --reporter with the --output that follows it, in command-line order. */
function parseReporters(
  tokens: { kind: string; name?: string; value?: string }[],
): ReporterChoice[] {
  const choices: ReporterChoice[] = [];
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    if (token.name === "reporter") {
      const [name, output] = (token.value ?? "").split("=", 2);
      if (!REPORTER_NAMES.includes(name as ReporterName)) {
        throw new UsageError(
          `--reporter: expected one of ${REPORTER_NAMES.join(", ")}, found "${name}"`,
        );
      }
      choices.push({ name: name as ReporterName, output: output || undefined });
    } else if (token.name === "output") {
      const last = choices.at(-1);
      if (!last) {
        throw new UsageError("--output: give a --reporter before it, such as --reporter junit");
      }
      last.output = token.value;
    }
  }
  return choices.length > 0 ? choices : [{ name: "pretty" }];
}

function parseBench(
  values: Record<string, string | boolean | string[] | undefined>,
): BenchSettings {
  const text = (flag: string) => values[flag] as string | undefined;
  let durationMs = 5000;
  if (text("bench-duration") !== undefined) {
    try {
      durationMs = parseDurationMs(text("bench-duration")!);
    } catch (error) {
      throw new UsageError(`--bench-duration: ${(error as Error).message}`);
    }
  }
  const rate = text("bench-rate");
  const ratePerSecond = rate === undefined
    ? undefined
    : /^\d+(\.\d+)?$/.test(rate)
    ? Number(rate)
    : NaN;
  if (ratePerSecond !== undefined && !(ratePerSecond > 0 && ratePerSecond <= 1e9)) {
    throw new UsageError(`--bench-rate: expected rounds per second above 0, found "${rate}"`);
  }
  return {
    durationMs,
    clients: text("bench-clients") !== undefined
      ? positiveInt(text("bench-clients")!, "--bench-clients", 100_000)
      : 1,
    ratePerSecond,
    rounds: text("bench-rounds") !== undefined
      ? positiveInt(text("bench-rounds")!, "--bench-rounds")
      : undefined,
    json: text("bench-json"),
  };
}

const TARGET_FLAGS = ["target", "target-address", "target-builtin", "target-ready"] as const;

function parseTarget(
  values: Partial<Record<typeof TARGET_FLAGS[number], string>>,
): Target | undefined {
  const { target, "target-address": address } = values;
  if (target !== undefined && address !== undefined) {
    throw new UsageError("--target and --target-address: give one of them, not both");
  }
  if (target === undefined && address === undefined) {
    if (values["target-builtin"] || values["target-ready"]) {
      throw new UsageError(
        "--target-builtin and --target-ready go with --target or --target-address",
      );
    }
    return undefined;
  }
  if (address !== undefined) {
    try {
      parseEndpoint(address);
    } catch (error) {
      throw new UsageError(`--target-address: ${(error as Error).message}`);
    }
  }
  return {
    command: target,
    address,
    builtin: values["target-builtin"] ?? "echo",
    ready: values["target-ready"],
  };
}

/**
 * Parses the arguments of `deno task scenarios`.
 *
 * @throws {UsageError} For an unknown option or a value of the wrong form.
 */
export function parseCli(args: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      tokens: true,
      options: {
        filter: { type: "string" },
        name: { type: "string" },
        tag: { type: "string", multiple: true },
        "skip-tag": { type: "string", multiple: true },
        transport: { type: "string", multiple: true },
        concurrency: { type: "string" },
        timeout: { type: "string" },
        seed: { type: "string" },
        reporter: { type: "string", multiple: true },
        output: { type: "string", multiple: true },
        shard: { type: "string" },
        target: { type: "string" },
        "target-address": { type: "string" },
        "target-builtin": { type: "string" },
        "target-ready": { type: "string" },
        artifacts: { type: "string" },
        repeat: { type: "string" },
        bench: { type: "boolean" },
        "bench-duration": { type: "string" },
        "bench-clients": { type: "string" },
        "bench-rate": { type: "string" },
        "bench-rounds": { type: "string" },
        "bench-json": { type: "string" },
        list: { type: "boolean" },
        verbose: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (see --help)`);
  }
  const { values, positionals, tokens } = parsed;
  const transports = values.transport?.map((t) => {
    if (!TRANSPORTS.includes(t as Transport)) {
      throw new UsageError(`--transport: expected one of ${TRANSPORTS.join(", ")}, found "${t}"`);
    }
    return t as Transport;
  });
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    try {
      timeoutMs = parseDurationMs(values.timeout);
    } catch (error) {
      throw new UsageError(`--timeout: ${(error as Error).message}`);
    }
    if (timeoutMs === 0) {
      throw new UsageError(`--timeout: expected a duration above 0, such as 500ms or 10s`);
    }
  }
  let seed: number | undefined;
  if (values.seed !== undefined) {
    seed = /^\d{1,10}$/.test(values.seed) ? Number(values.seed) : NaN;
    if (!(seed >= 0 && seed <= 0xffffffff)) {
      throw new UsageError(
        `--seed: expected a whole number from 0 to 4294967295 in decimal, found "${values.seed}"`,
      );
    }
  }
  return {
    paths: positionals.length > 0 ? positionals : ["scenarios"],
    filter: values.filter === undefined ? undefined : parseFilter(values.filter),
    name: values.name,
    tags: values.tag ?? [],
    skipTags: values["skip-tag"] ?? [],
    transports,
    concurrency: values.concurrency !== undefined
      ? positiveInt(values.concurrency, "--concurrency", MAX_CONCURRENCY)
      : 4,
    timeoutMs,
    seed,
    reporters: parseReporters(tokens ?? []),
    shard: values.shard !== undefined ? parseShard(values.shard) : undefined,
    target: parseTarget(values),
    artifactDir: values.artifacts ?? "reports/failures",
    repeat: values.repeat !== undefined ? positiveInt(values.repeat, "--repeat") : 1,
    bench: values.bench ? parseBench(values) : undefined,
    rerunArgs: TARGET_FLAGS.flatMap((flag) => {
      const value = values[flag];
      return value === undefined ? [] : [`--${flag}`, value];
    }),
    list: values.list ?? false,
    verbose: values.verbose ?? false,
    help: values.help ?? false,
  };
}
