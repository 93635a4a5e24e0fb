/**
 * Runs many scenario runs with bounded concurrency, feeding a reporter as they finish.
 *
 * @module
 */
import type { Scenario, Transport } from "../scenario/model.ts";
import type { Reporter } from "../report/reporter.ts";
import type { RunSummary, ScenarioResult } from "../report/result.ts";
import { runScenario } from "./run_scenario.ts";

/** One scenario on one transport. */
export interface PlannedRun {
  scenario: Scenario;
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
  reporter: Reporter;
  /** Where the records of failed runs are written as JSON; nowhere when unset. */
  artifactDir?: string;
  /** Command-line words every rerun command repeats. @default {[]} */
  rerunArgs?: string[];
}

/** Expands scenarios into one run a transport, in file order. */
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
 * @returns The totals, with results in plan order.
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
    while (next < (alone ? order.length : shared)) {
      const index = order[next++];
      const { scenario, transport } = runs[index];
      reporter.begin?.(`${scenario.file}#${scenario.name}[${transport}]`, scenario.name, transport);
      const result = await runScenario(scenario, transport, {
        seed: scenario.seed ?? options.seed,
        timeoutMs: options.timeoutMs,
        artifactDir: options.artifactDir,
        rerunArgs: options.rerunArgs,
      });
      results[index] = result;
      await reporter.result(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, shared) }, () => worker(false)));
  await worker(true);
  const count = (status: string) => results.filter((r) => r.status === status).length;
  const summary: RunSummary = {
    passed: count("passed"),
    failed: count("failed"),
    skipped: count("skipped"),
    durationMs: performance.now() - started,
    seed: options.seed,
    results,
  };
  await reporter.end(summary);
  return summary;
}
