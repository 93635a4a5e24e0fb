/** `--list`: what would run. @module */
import type { PlannedRun } from "../runner/run_suite.ts";

/** One line a scenario: file:line, name, transports, tags. */
export function formatList(runs: PlannedRun[]): string {
  const byScenario = new Map<PlannedRun["scenario"], string[]>();
  for (const { scenario, transport } of runs) {
    byScenario.set(scenario, [...(byScenario.get(scenario) ?? []), transport]);
  }
  const lines = [...byScenario].map(([scenario, transports]) => {
    const tags = scenario.tags.length > 0 ? `  #${scenario.tags.join(" #")}` : "";
    return `${scenario.file}:${scenario.location.line}  ${scenario.name}  [${
      transports.join(", ")
    }]${tags}`;
  });
  return `${lines.join("\n")}\n${runs.length} runs of ${byScenario.size} scenarios\n`;
}
