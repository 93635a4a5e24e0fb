/** The command line of `deno task scenarios`. @module */
import { parseArgs } from "node:util";
import { parseDurationMs } from "../common/duration.ts";
import { TRANSPORTS } from "../common/transport.ts";
import type { Transport } from "../common/transport.ts";
import { REPORTER_NAMES, type ReporterName } from "../report/mod.ts";
import { parseEndpoint } from "../transport/address.ts";
import type { Target } from "./target.ts";
import { BudgetSyntaxError, type LatencyBudget, parseBudgets } from "../runner/load_budget.ts";
import { UsageError } from "./usage_error.ts";

export { UsageError };

/** A reporter and where it writes. */
export interface ReporterChoice {
  name: ReporterName;
  /** File to write; standard output when unset. */
  output?: string;
}

/** Settings of a load test (--load). */
export interface LoadSettings {
  durationMs: number;
  clients: number;
  ratePerSecond?: number;
  rounds?: number;
  pipeline: number;
  reconnect: boolean;
  /** Load workers; one per core when unset. */
  workers?: number;
  /** Latency budgets to assert (--load-budget). */
  budgets: LatencyBudget[];
  /** File to write the results to as JSON. */
  json?: string;
  /** File to write the latency histogram to in HdrHistogram's percentile-distribution format. */
  hgrm?: string;
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
  /** The servers under test, from --target and --target-address. */
  targets: Target[];
  /** Values of scenario variables, from --var NAME=VALUE. */
  vars: Record<string, string>;
  /** Run the scenarios as load tests instead (--load and its settings). */
  load?: LoadSettings;
  /** Times to run the whole plan (--repeat), for soak runs. */
  repeat: number;
  /** Where records of failed runs go (--artifacts); `reports/failures` by default. */
  artifactDir: string;
  /** Words of the command line that a rerun must repeat (--target, --var and friends). */
  rerunArgs: string[];
  list: boolean;
  verbose: boolean;
  help: boolean;
  /** Print the version and exit (--version). */
  version: boolean;
}

/** Text of `--help`. */
export const USAGE = `Usage: sockspec [run] [PATH...] [OPTIONS]
       sockspec load-merge FILE.json... --output ALL.json
       sockspec load-plot FILE.json... --output FILE.html
    or: deno task scenarios [PATH...] [OPTIONS]   (in a clone of sockspec)

Runs the scenario files (.yaml, .yml, .json) under each PATH (default: scenarios/), relative
to the current folder.

Options:
  --filter TEXT          only scenarios whose name contains TEXT (or matches /REGEX/)
  --name NAME            only the scenario named exactly NAME
  --tag TAG              only scenarios with TAG (repeat for any of several)
  --skip-tag TAG         leave out scenarios with TAG
  --transport T          only on transport T: tcp, udp, unix, unixgram (repeatable)
  --concurrency N        scenario runs at once, 1 to 64 (default 4)
  --timeout DURATION     override every scenario's timeout: 500ms, 10s
  --seed N               seed of every random decision (default: random, printed)
  --reporter NAME[=FILE] pretty (default), dot, json, junit, tap, github, html; repeatable
  --output FILE          write the last --reporter to FILE
  --shard I/N            run the I-th of N deterministic slices of the suite
  --target COMMAND       run the scenarios against this server instead of their built-in
                         echo; {host}, {port} and {path} are replaced by its address
  --target PEER=COMMAND  replace the server peer PEER of every scenario (any kind) with COMMAND
  --target-address ADDR  the same against a running server: host:port, [v6]:port, /unix/path
  --target-address PEER=ADDR
                         replace the server peer PEER with a running server at ADDR
  --var NAME=VALUE       set a variable the scenarios declare under vars: (repeatable);
                         SOCKSPEC_VAR_NAME in the environment does the same
  --target-builtin NAME  the built-in server the target stands in for (default echo)
  --target-ready HOW     readiness of --target: port (streams), stdout:REGEX, delay:DURATION
  --artifacts DIR        write the record of each failed run there as JSON
                         (default reports/failures)
  --repeat N             run the whole selection N times in one process (soak)
  --load                 run each scenario as a load test: its client steps again and again;
                         a client of request steps reports requests/s and request latency
  --load-duration D      how long each load test sends (default 5s)
  --load-clients N       connections (or clients running rounds) at once (default 1)
  --load-rate R          requests per second over all clients (rounds/s without request
                         steps), open loop (default: full speed, closed loop)
  --load-rounds N        stop after N rounds in all (the client script once is a round)
  --load-pipeline N      requests in flight per connection (default 1)
  --load-reconnect       connect anew for each round instead of keeping connections open
  --load-workers N       load threads of a request load (default: one per core)
  --load-budget P=D      fail unless percentile P is at most D: p99=5ms, p99.9=20ms,max=50ms
                         (with --load-rate; repeatable)
  --load-json FILE       also write the results as JSON (1 s intervals, HDR histograms)
  --load-hgrm FILE       also write the latency histogram in HdrHistogram's .hgrm format
  --list                 print the scenarios that would run, and exit
  --verbose              show checks, notes and events of passed scenarios too
  --help                 print this help
  --version              print the version of sockspec

Exit codes: 0 all passed, 1 a scenario failed, 2 an invalid scenario file or command line,
130/143/129 stopped by SIGINT/SIGTERM/SIGHUP (reports are still written).`;

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

function parseLoad(
  values: Record<string, string | boolean | string[] | undefined>,
): LoadSettings {
  const text = (flag: string) => values[flag] as string | undefined;
  let durationMs = 5000;
  if (text("load-duration") !== undefined) {
    try {
      durationMs = parseDurationMs(text("load-duration")!);
    } catch (error) {
      throw new UsageError(`--load-duration: ${(error as Error).message}`);
    }
  }
  const rate = text("load-rate");
  const ratePerSecond = rate === undefined
    ? undefined
    : /^\d+(\.\d+)?$/.test(rate)
    ? Number(rate)
    : NaN;
  if (ratePerSecond !== undefined && !(ratePerSecond > 0 && ratePerSecond <= 1e9)) {
    throw new UsageError(`--load-rate: expected requests per second above 0, found "${rate}"`);
  }
  const count = (flag: string, max?: number) =>
    text(flag) !== undefined ? positiveInt(text(flag)!, `--${flag}`, max) : undefined;
  let budgets: LatencyBudget[] = [];
  try {
    budgets = ((values["load-budget"] ?? []) as string[]).flatMap(parseBudgets);
  } catch (error) {
    if (!(error instanceof BudgetSyntaxError)) throw error;
    throw new UsageError(`--load-budget: ${error.message}`);
  }
  if (budgets.length > 0 && ratePerSecond === undefined) {
    throw new UsageError(
      "--load-budget needs --load-rate: at full speed a slow server lowers the rate and hides its latency",
    );
  }
  return {
    durationMs,
    clients: count("load-clients", 100_000) ?? 1,
    ratePerSecond,
    rounds: count("load-rounds"),
    pipeline: count("load-pipeline") ?? 1,
    reconnect: values["load-reconnect"] === true,
    workers: count("load-workers"),
    budgets,
    json: text("load-json"),
    hgrm: text("load-hgrm"),
  };
}

/** A `--load-*` flag without `--load` would be ignored: say so instead. */
function loadFlagsAlone(values: Record<string, unknown>): undefined {
  const flag = Object.keys(values).find((key) => key.startsWith("load-"));
  if (flag) throw new UsageError(`--${flag} goes with --load`);
  return undefined;
}

/** Flags that shape what a run tests: a rerun repeats them. */
const RERUN_FLAGS = ["target", "target-address", "target-builtin", "target-ready", "var"];

/** `PEER=REST` where PEER is a peer name (a letter first, then letters, digits, _ and -). */
function splitPeer(value: string): { peer?: string; rest: string } {
  const match = /^([A-Za-z][\w-]*)=(.+)$/s.exec(value);
  return match ? { peer: match[1], rest: match[2] } : { rest: value };
}

function checkAddress(address: string): void {
  try {
    parseEndpoint(address);
  } catch (error) {
    throw new UsageError(`--target-address: ${(error as Error).message}`);
  }
}

function parseTargets(values: {
  target?: string[];
  "target-address"?: string[];
  "target-builtin"?: string;
  "target-ready"?: string;
}): Target[] {
  const builtin = values["target-builtin"] ?? "echo";
  const ready = values["target-ready"];
  const targets: Target[] = [
    ...(values.target ?? []).map((v) => {
      const { peer, rest } = splitPeer(v);
      return { peer, command: rest, builtin, ready };
    }),
    ...(values["target-address"] ?? []).map((v) => {
      const { peer, rest } = splitPeer(v);
      checkAddress(rest);
      return { peer, address: rest, builtin, ready };
    }),
  ];
  const plain = targets.filter((t) => t.peer === undefined);
  if (plain.length > 1) {
    throw new UsageError(
      "--target and --target-address: give one of them without PEER=, or name a peer in each (PEER=...)",
    );
  }
  const peers = targets.flatMap((t) => (t.peer === undefined ? [] : [t.peer]));
  const twice = peers.find((peer, i) => peers.indexOf(peer) !== i);
  if (twice !== undefined) {
    throw new UsageError(`--target: peer ${twice} is given twice: give one server for each peer`);
  }
  if (values["target-builtin"] !== undefined && plain.length === 0) {
    throw new UsageError(
      "--target-builtin goes with --target COMMAND or --target-address ADDR (without PEER=)",
    );
  }
  if (ready !== undefined && targets.length === 0) {
    throw new UsageError("--target-ready goes with --target or --target-address");
  }
  return targets;
}

/** Parses the values of `--var NAME=VALUE`. */
function parseVars(values: string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const value of values) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(value);
    if (!match) {
      throw new UsageError(
        `--var: expected NAME=VALUE with a name of letters, digits and _, found "${value}"`,
      );
    }
    vars[match[1]] = match[2];
  }
  return vars;
}

/**
 * Parses the arguments of `deno task scenarios`.
 *
 * @throws {UsageError} For an unknown option or a value of the wrong form.
 */
export function parseCli(args: string[]): CliOptions {
  // `sockspec run PATH...` is `sockspec PATH...` (`load-merge` and `load-plot`, the other
  // subcommands, are dispatched before the options are parsed).
  if (args[0] === "run") args = args.slice(1);
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
        target: { type: "string", multiple: true },
        "target-address": { type: "string", multiple: true },
        var: { type: "string", multiple: true },
        "target-builtin": { type: "string" },
        "target-ready": { type: "string" },
        artifacts: { type: "string" },
        repeat: { type: "string" },
        load: { type: "boolean" },
        "load-duration": { type: "string" },
        "load-clients": { type: "string" },
        "load-rate": { type: "string" },
        "load-rounds": { type: "string" },
        "load-pipeline": { type: "string" },
        "load-reconnect": { type: "boolean" },
        "load-workers": { type: "string" },
        "load-budget": { type: "string", multiple: true },
        "load-json": { type: "string" },
        "load-hgrm": { type: "string" },
        list: { type: "boolean" },
        verbose: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "V" },
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
    targets: parseTargets(values),
    vars: parseVars(values.var ?? []),
    artifactDir: values.artifacts ?? "reports/failures",
    repeat: values.repeat !== undefined ? positiveInt(values.repeat, "--repeat") : 1,
    load: values.load ? parseLoad(values) : loadFlagsAlone(values),
    rerunArgs: (tokens ?? []).flatMap((token) =>
      token.kind === "option" && RERUN_FLAGS.includes(token.name) && token.value !== undefined
        ? [`--${token.name}`, token.value]
        : []
    ),
    list: values.list ?? false,
    verbose: values.verbose ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}
