/** `--bench`: the selected scenarios as load tests, one after another. @module */
import type { PlannedRun } from "../runner/run_suite.ts";
import { benchScenario, type BenchScenarioResult } from "../runner/bench_scenario.ts";
import type { BenchSettings } from "./args.ts";
import type { CliIo } from "./io.ts";

const us = (micros: number) =>
  micros >= 1000 ? `${(micros / 1000).toFixed(2)} ms` : `${micros.toFixed(1)} µs`;

/** One line a load run: rounds/s, Gbit/s, errors and the latency percentiles. */
export function formatBenchLine(result: BenchScenarioResult): string {
  const l = result.latency;
  const rate = result.ratePerSecond ? ` at ${result.ratePerSecond}/s` : "";
  const errors = result.errors > 0 ? `, ${result.errors} failed (${result.firstError})` : "";
  const failed = result.properties.filter((p) => !p.ok)
    .map((p) => `  property ${p.name} failed: ${p.detail}\n`).join("");
  return `${result.name} [${result.transport}] ${result.clients} clients${rate}: ` +
    `${result.rounds} rounds, ${result.roundsPerSecond.toFixed(0)} rounds/s, ` +
    `${result.gbitPerSecond.toFixed(3)} Gbit/s${errors}\n` +
    `  round latency: min ${us(l.minMicros)}, p50 ${us(l.p50Micros)}, p90 ${us(l.p90Micros)}, ` +
    `p99 ${us(l.p99Micros)}, p99.9 ${us(l.p999Micros)}, max ${us(l.maxMicros)}\n` + failed;
}

/**
 * Runs each planned scenario as a load test, one at a time so that they do not compete, and
 * prints a line each. Exits 1 if any round failed.
 */
export async function runBench(
  runs: PlannedRun[],
  settings: BenchSettings & { seed: number },
  io: CliIo,
): Promise<number> {
  const results: BenchScenarioResult[] = [];
  for (const { scenario, transport } of runs) {
    io.stderr(`load: ${scenario.name} [${transport}] for ${settings.durationMs} ms...\n`);
    try {
      const result = await benchScenario(scenario, transport, settings);
      results.push(result);
      io.stdout(formatBenchLine(result));
    } catch (error) {
      io.stdout(`${scenario.name} [${transport}]: could not start: ${(error as Error).message}\n`);
      return 1;
    }
  }
  if (settings.json) {
    await Deno.writeTextFile(
      settings.json,
      `${JSON.stringify({ seed: settings.seed, results }, null, 2)}\n`,
    );
  }
  const bad = (r: BenchScenarioResult) =>
    r.errors > 0 || r.rounds === 0 || r.properties.some((p) => !p.ok);
  return results.some(bad) ? 1 : 0;
}
