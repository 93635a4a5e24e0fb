/**
 * Runs many scenario runs with bounded concurrency, feeding a reporter as they finish.
 *
 * @module
 */
import type { Scenario } from "../model/scenario.ts";
import type { Transport } from "../common/transport.ts";
import type { Reporter } from "../report/reporter.ts";
import type { RunSummary, ScenarioResult } from "../report/result.ts";
import { runScenario } from "./run_scenario.ts";

/** One scenario on one transport. */
export interface PlannedRun {
  /** The scenario to run. */
  scenario: Scenario;
  /** The transport to run it on. */
  transport: Transport;
}

/** Options of {@linkcode runSuite}. */
export interface RunSuiteOptions {
  /** Seed of the run, used by every scenario that sets none. */
  seed: number;
  /** Scenario runs at once. @default {4} */
  concurrency?: number;
  /** Overrides every scenario's timeout, in ms. */
  timeoutMs?: number;
  /** Receives every result as it comes, and the summary. */
  reporter: Reporter;
  /** Where the records of failed runs are written as JSON; nowhere when unset. */
  artifactDir?: string;
  /** Command-line words every rerun command repeats. @default {[]} */
  rerunArgs?: string[];
  /** How the rerun commands start sockspec. @default {"sockspec"} */
  rerunProgram?: string;
  /** Events of the record kept in each passed result (`--verbose`: all). @default {0} */
  keepEvents?: number;
  /**
   * Aborted by a signal (its reason a name such as `SIGINT`): no further run starts, the
   * running ones stop with status `interrupted`, and the summary says so.
   */
  signal?: AbortSignal;
}

/**
 * Expands scenarios into one run a transport, in file order.
 *
 * @example Only the TCP runs of a file
 * ```ts
 * import { loadScenarioFile, planRuns } from "@sockspec/sockspec";
 *
 * const runs = planRuns(await loadScenarioFile("scenarios/stream/echo_half_close.yaml"), ["tcp"]);
 * if (runs.length !== 1 || runs[0].transport !== "tcp") throw new Error("expected one tcp run");
 * ```
 */
export function planRuns(scenarios: Scenario[], transports?: Transport[]): PlannedRun[] {
  return scenarios.flatMap((scenario) =>
    scenario.transports
      .filter((t) => !transports || transports.includes(t))
      .map((transport) => ({ scenario, transport }))
  );
}

/**
 * Runs every planned run, `concurrency` at a time, and reports each result as it finishes. Runs
 * of `exclusive` scenarios (load tests that fill the event loop, whose crowd would make the
 * others miss their timeouts) come last, one at a time, alone.
 *
 * @example Run a file's scenarios and write JUnit XML
 * ```ts
 * import { createReporter, loadScenarioFile, planRuns, runSuite } from "@sockspec/sockspec";
 *
 * const dir = await Deno.makeTempDir();
 * const summary = await runSuite(
 *   planRuns(await loadScenarioFile("scenarios/stream/echo_half_close.yaml")),
 *   { seed: 42, reporter: createReporter("junit", { output: `${dir}/junit.xml` }) },
 * );
 * await Deno.remove(dir, { recursive: true });
 * if (summary.failed > 0) throw new Error(`${summary.failed} failed`);
 * ```
 *
 * @returns The totals, with results in plan order (only the runs that started, when `signal`
 *   stopped the suite).
 */
export async function runSuite(runs: PlannedRun[], options: RunSuiteOptions): Promise<RunSummary> {
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const { reporter } = options;
  const started = performance.now();
  await reporter.start({ total: runs.length, seed: options.seed, concurrency });
  const results: ScenarioResult[] = new Array(runs.length);
  const order = [
    ...runs.keys().filter((i) => !runs[i].scenario.exclusive),
    ...runs.keys().filter((i) => runs[i].scenario.exclusive),
  ];
  const shared = order.filter((i) => !runs[i].scenario.exclusive).length;
  let next = 0;
  const worker = async (alone: boolean) => {
    while (next < (alone ? order.length : shared) && !options.signal?.aborted) {
      const index = order[next++];
      const { scenario, transport } = runs[index];
      reporter.begin?.(`${scenario.file}#${scenario.name}[${transport}]`, scenario.name, transport);
      const result = await runScenario(scenario, transport, {
        seed: scenario.seed ?? options.seed,
        timeoutMs: options.timeoutMs,
        artifactDir: options.artifactDir,
        rerunArgs: options.rerunArgs,
        rerunProgram: options.rerunProgram,
        keepEvents: Math.max(options.keepEvents ?? 0, reporter.keepEvents ?? 0),
        signal: options.signal,
      });
      results[index] = result;
      await reporter.result(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, shared) }, () => worker(false)));
  await worker(true);
  const ran = results.filter((r) => r !== undefined);
  const count = (status: string) => ran.filter((r) => r.status === status).length;
  const summary: RunSummary = {
    passed: count("passed"),
    failed: count("failed"),
    skipped: count("skipped"),
    durationMs: performance.now() - started,
    seed: options.seed,
    results: ran,
  };
  if (options.signal?.aborted) {
    summary.interrupted = count("interrupted");
    summary.interruption = {
      signal: String(options.signal.reason),
      notStarted: runs.length - ran.length,
    };
  }
  await reporter.end(summary);
  return summary;
}
