/** `deno task scenarios`: load, select, run, report. @module */
import { loadScenarioFile } from "../scenario/load.ts";
import { ScenarioFileError } from "../scenario/errors.ts";
import type { Scenario } from "../scenario/model.ts";
import { planRuns, runSuite } from "../runner/run_suite.ts";
import { randomSeed } from "../runner/run_scenario.ts";
import { combineReporters, createReporter } from "../report/mod.ts";
import { type CliOptions, parseCli, USAGE, UsageError } from "./args.ts";
import { discoverScenarioFiles, DiscoveryError } from "./discover.ts";
import { selectScenarios, shardRuns } from "./select.ts";
import { formatList } from "./list.ts";
import { applyTarget } from "./target.ts";
import { runBench } from "./bench.ts";
import { servableConcurrency } from "./concurrency.ts";

/** Exit codes of the command. */
export const EXIT = { passed: 0, failed: 1, invalid: 2 } as const;

/**
 * Where the command writes; tests pass their own. With none, text goes to the process's
 * standard output and error, and the console reporter draws progress on a terminal.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const encoder = new TextEncoder();
const consoleIo: CliIo = {
  stdout: (text) => Deno.stdout.writeSync(encoder.encode(text)),
  stderr: (text) => Deno.stderr.writeSync(encoder.encode(text)),
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
      errors.push(error.message);
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
  let chosen = selectScenarios(scenarios, options);
  if (options.target) {
    const targeted = applyTarget(chosen, options.target);
    chosen = targeted.scenarios;
    io.stderr(
      `target: ${chosen.length} scenarios with a built-in ${options.target.builtin} server run against it; ${targeted.leftOut} left out\n`,
    );
  }
  const runs = planRuns(chosen, options.transports);
  if (runs.length === 0) {
    io.stderr(`no scenario matches among ${scenarios.length} in ${files.length} files\n`);
    return undefined;
  }
  return shardRuns(runs, options.shard);
}

/**
 * Runs the command line `args` and returns the exit code: 0 all passed, 1 a scenario failed,
 * 2 an invalid scenario file or command line. Never throws for bad input.
 */
export async function main(args: string[], testIo?: CliIo): Promise<number> {
  const io = testIo ?? consoleIo;
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
  let runs;
  try {
    runs = await select(options, io);
  } catch (error) {
    if (!(error instanceof DiscoveryError)) throw error;
    io.stderr(`error: ${error.message}\n`);
    return EXIT.invalid;
  }
  if (!runs) return EXIT.invalid;
  if (options.list) {
    io.stdout(formatList(runs));
    return EXIT.passed;
  }
  const seed = options.seed ?? randomSeed();
  if (options.bench) return await runBench(runs, { ...options.bench, seed }, io);
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
  const summary = await runSuite(Array.from({ length: options.repeat }, () => runs).flat(), {
    seed,
    concurrency,
    timeoutMs: options.timeoutMs,
    reporter,
    artifactDir: options.artifactDir,
    rerunArgs: options.rerunArgs,
  });
  return summary.failed > 0 ? EXIT.failed : EXIT.passed;
}
