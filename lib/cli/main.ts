/** `deno task scenarios`: load, select, run, report. @module */
import { loadScenarioFile } from "../scenario/load.ts";
import { ScenarioFileError } from "../scenario/errors.ts";
import type { Scenario } from "../model/scenario.ts";
import { type PlannedRun, planRuns, runSuite } from "../runner/run_suite.ts";
import { randomSeed } from "../runner/run_scenario.ts";
import {
  combineReporters,
  createReporter,
  formatRunFooter,
  formatSummaryLine,
} from "../report/mod.ts";
import { type CliOptions, parseCli, USAGE, UsageError } from "./args.ts";
import { discoverScenarioFiles, DiscoveryError } from "./discover.ts";
import { selectScenarios, shardRuns } from "./select.ts";
import { formatList } from "./list.ts";
import { applyTargets } from "./target.ts";
import { servableConcurrency } from "./concurrency.ts";
import { bindVariables } from "./vars.ts";
import { runLoadCommand } from "./load.ts";
import { loadMerge } from "./load_merge.ts";
import { watchInterrupts } from "./interrupt.ts";
import {
  checkStdoutReporters,
  OutputPathError,
  type OutputPlan,
  outputPlan,
  prepareOutputs,
  writeGrants,
} from "./outputs.ts";
import {
  canRerunNarrowed,
  missingNetAccess,
  missingReadAccess,
  rerunNarrowed,
  unwritable,
  writeAccessMessage,
} from "./access.ts";
import { removeStaleRunDirs, runDirBase, runDirBases } from "../runner/run_dir.ts";
import { SocketPathTooLong } from "../transport/socket_dir.ts";
import { insideNamespace, removeOwnNamespace } from "../runner/network.ts";
import { VERSION } from "./version.ts";
import type { CliIo } from "./io.ts";
import { rerunProgram } from "./rerun_program.ts";

/** Exit codes of the command. */
export const EXIT = { passed: 0, failed: 1, invalid: 2 } as const;

export type { CliIo };

const encoder = new TextEncoder();
/** Writes all of `text`; a reader that went away (a pipe whose parent died) is no error. */
function writeAll(target: { writeSync(p: Uint8Array): number }, text: string): void {
  const bytes = encoder.encode(text);
  try {
    for (let done = 0; done < bytes.length;) done += target.writeSync(bytes.subarray(done));
  } catch (error) {
    if (!(error instanceof Deno.errors.BrokenPipe)) throw error;
  }
}

const consoleIo: CliIo = {
  stdout: (text) => writeAll(Deno.stdout, text),
  stderr: (text) => writeAll(Deno.stderr, text),
};

/** Loads every file, collecting every file's first error rather than stopping at one. */
async function loadAll(files: string[]): Promise<{ scenarios: Scenario[]; errors: string[] }> {
  const scenarios: Scenario[] = [];
  const errors: string[] = [];
  for (const file of files) {
    try {
      scenarios.push(...await loadScenarioFile(file));
    } catch (error) {
      if (!(error instanceof ScenarioFileError)) throw error;
      errors.push(error.all.map((each) => each.message).join("\nerror: "));
    }
  }
  const seen = new Map<string, Scenario>();
  for (const scenario of scenarios) {
    const first = seen.get(scenario.name);
    if (first) {
      const at = scenario.location;
      errors.push(
        `${at.file}:${at.line}:${at.column}: name: expected a name no other scenario has; ${
          JSON.stringify(scenario.name)
        } is also at ${first.location.file}:${first.location.line}`,
      );
    } else seen.set(scenario.name, scenario);
  }
  return { scenarios, errors };
}

function describeTargets(targets: CliOptions["targets"], kept: number, leftOut: number): string {
  const names = targets.map((t) =>
    t.peer === undefined ? `a built-in ${t.builtin} server` : `server peer ${t.peer}`
  );
  return `${kept} scenarios with ${names.join(" and ")} run against it; ${leftOut} left out`;
}

async function select(options: CliOptions, io: CliIo) {
  const files = await discoverScenarioFiles(options.paths);
  const { scenarios, errors } = await loadAll(files);
  if (errors.length > 0) {
    for (const error of errors) io.stderr(`error: ${error}\n`);
    io.stderr(
      `${errors.length} invalid scenario file${errors.length === 1 ? "" : "s"}: nothing was run\n`,
    );
    return undefined;
  }
  let chosen = bindVariables(selectScenarios(scenarios, options), options.vars);
  if (options.targets.length > 0) {
    const targeted = applyTargets(chosen, options.targets);
    chosen = targeted.scenarios;
    io.stderr(`target: ${describeTargets(options.targets, chosen.length, targeted.leftOut)}\n`);
  }
  const runs = planRuns(chosen, options.transports);
  if (runs.length === 0) {
    io.stderr(`no scenario matches among ${scenarios.length} in ${files.length} files\n`);
    return undefined;
  }
  return shardRuns(runs, options.shard);
}

/**
 * Checks the permissions and paths a run needs before anything is loaded or run. Returns the
 * exit code when the command must end here: 2 after a message naming what is missing, or the
 * exit code of a run of its own with `--allow-write` narrowed to the paths it needs.
 */
async function checkAccess(
  args: string[],
  options: CliOptions,
  plan: OutputPlan,
  io: CliIo,
): Promise<number | undefined> {
  const denied = missingReadAccess(options.paths) ??
    (options.list ? undefined : missingNetAccess());
  if (denied) {
    io.stderr(`error: ${denied}\n`);
    return EXIT.invalid;
  }
  if (options.list) return undefined;
  try {
    checkStdoutReporters(options);
    runDirBase();
  } catch (error) {
    if (!(error instanceof OutputPathError || error instanceof SocketPathTooLong)) throw error;
    io.stderr(`error: ${error.message}\n`);
    return EXIT.invalid;
  }
  const folders = [...runDirBases(), ...writeGrants(plan)];
  const missing = unwritable(folders);
  if (missing.length === 0) return undefined;
  if (!canRerunNarrowed()) {
    io.stderr(`error: ${writeAccessMessage(missing)}\n`);
    return EXIT.invalid;
  }
  return await rerunNarrowed(args, folders);
}

/**
 * Runs the command line `args` and returns the exit code: 0 all passed, 1 a scenario failed,
 * 2 an invalid scenario file or command line. Never throws for bad input.
 *
 * @example The `sockspec` command, from code
 * ```ts
 * import { main } from "@sockspec/sockspec";
 *
 * const code = await main(["scenarios/stream/echo_half_close.yaml", "--transport", "tcp"]);
 * if (code !== 0) throw new Error(`sockspec exited with ${code}`);
 * ```
 */
export async function main(args: string[], testIo?: CliIo): Promise<number> {
  const io = testIo ?? consoleIo;
  if (args[0] === "load-merge") return await loadMerge(args.slice(1), io);
  if (args[0] === "load-plot") {
    // Loaded only when asked for: Vega's module graph would add 60 ms and 20 MB to every start.
    const { loadPlot } = await import("./load_plot.ts");
    return await loadPlot(args.slice(1), io);
  }
  let options: CliOptions;
  try {
    options = parseCli(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`error: ${error.message}\n`);
    return EXIT.invalid;
  }
  if (options.help) {
    io.stdout(`${USAGE}\n`);
    return EXIT.passed;
  }
  if (options.version) {
    io.stdout(`sockspec ${VERSION}\n`);
    return EXIT.passed;
  }
  const plan = outputPlan(options);
  const stop = await checkAccess(args, options, plan, io);
  if (stop !== undefined) return stop;
  let runs;
  try {
    runs = await select(options, io);
  } catch (error) {
    if (!(error instanceof DiscoveryError) && !(error instanceof UsageError)) throw error;
    io.stderr(`error: ${error.message}\n`);
    return EXIT.invalid;
  }
  if (!runs) return EXIT.invalid;
  if (options.list) {
    io.stdout(formatList(runs));
    return EXIT.passed;
  }
  try {
    await prepareOutputs(plan);
  } catch (error) {
    if (!(error instanceof OutputPathError)) throw error;
    io.stderr(`error: ${error.message}\n`);
    return EXIT.invalid;
  }
  const seed = options.seed ?? randomSeed();
  if (options.load) return await runLoadCommand(runs, { ...options.load, seed }, io);
  await removeStaleRunDirs().catch(() => {}); // best effort: a killed run's folders
  return await runAll(runs, options, seed, io, testIo);
}

async function runAll(
  runs: PlannedRun[],
  options: CliOptions,
  seed: number,
  io: CliIo,
  testIo: CliIo | undefined,
): Promise<number> {
  const reporter = combineReporters(
    options.reporters.map(({ name, output }) =>
      createReporter(name, {
        output,
        verbose: options.verbose,
        write: output ? undefined : testIo?.stdout,
      })
    ),
  );
  const { concurrency, note } = servableConcurrency(options.concurrency);
  if (note) io.stderr(`note: ${note}\n`);
  using interrupts = watchInterrupts(io.stderr);
  let summary;
  try {
    summary = await runSuite(Array.from({ length: options.repeat }, () => runs).flat(), {
      seed,
      concurrency,
      timeoutMs: options.timeoutMs,
      reporter,
      artifactDir: options.artifactDir,
      rerunArgs: options.rerunArgs,
      rerunProgram: await rerunProgram(Deno.cwd()),
      signal: interrupts.signal,
      keepEvents: options.verbose ? Infinity : 0,
    });
  } catch (error) {
    // Outputs were checked before the run; a report that still cannot be written (the folder
    // removed meanwhile, a full disk) is said in one line, not as a stack trace.
    if (!isFileSystemError(error)) throw error;
    io.stderr(`error: writing the reports: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
  if (options.reporters.every((choice) => choice.output !== undefined)) {
    // Every report went to a file: the console still ends with the summary line.
    io.stdout(`${formatSummaryLine(summary)}\n${formatRunFooter(summary)}\n`);
  }
  if (interrupts.parentGone() && insideNamespace()) await removeOwnNamespace();
  return interrupts.exitCode() ?? (summary.failed > 0 ? EXIT.failed : EXIT.passed);
}

function isFileSystemError(error: unknown): boolean {
  return [
    Deno.errors.NotFound,
    Deno.errors.NotCapable,
    Deno.errors.PermissionDenied,
    Deno.errors.NotADirectory,
    Deno.errors.IsADirectory,
    Deno.errors.AlreadyExists,
  ].some((kind) => error instanceof kind);
}
