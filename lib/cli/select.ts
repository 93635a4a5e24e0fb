/** Chooses which scenario runs a command line asks for. @module */
import type { Scenario } from "../model/scenario.ts";
import type { PlannedRun } from "../runner/run_suite.ts";
import type { CliOptions } from "./args.ts";

/** Keeps the scenarios that pass --filter, --name, --tag and --skip-tag. */
export function selectScenarios(scenarios: Scenario[], options: CliOptions): Scenario[] {
  return scenarios.filter((scenario) => {
    const { filter } = options;
    if (typeof filter === "string" && !scenario.name.includes(filter)) return false;
    if (filter instanceof RegExp && !filter.test(scenario.name)) return false;
    if (options.name !== undefined && scenario.name !== options.name) return false;
    if (options.tags.length > 0 && !options.tags.some((t) => scenario.tags.includes(t))) {
      return false;
    }
    return !options.skipTags.some((t) => scenario.tags.includes(t));
  });
}

/**
 * The runs of shard `index` of `count` (1-based): every count-th run of the plan, which is in a
 * fixed order (file, then scenario, then transport), so the shards are disjoint and together
 * cover the plan.
 */
export function shardRuns(
  runs: PlannedRun[],
  shard?: { index: number; count: number },
): PlannedRun[] {
  if (!shard) return runs;
  return runs.filter((_, i) => i % shard.count === shard.index - 1);
}
