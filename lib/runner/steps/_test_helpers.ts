/**
 * Runs a small scenario on real sockets, for the steps' unit tests. Test-only: it loads YAML
 * with the scenario loader, a layer above the runner.
 *
 * @internal
 * @module
 */
import { parseScenarios } from "../../scenario/load.ts";
import type { Transport } from "../../common/transport.ts";
import { runScenario } from "../run_scenario.ts";
import type { ScenarioResult } from "../../report/result.ts";

const HERE = new URL(".", import.meta.url).pathname;

/** Loads `yaml` (one scenario) as if it were a file in this folder and runs it on `transport`. */
export async function runYaml(yaml: string, transport: Transport = "tcp"): Promise<ScenarioResult> {
  const [scenario] = parseScenarios(yaml, `${HERE}inline.yaml`);
  return await runScenario(scenario, transport, { seed: 11 });
}

/** The failure message of a result that must have failed at a step, or a description of why not. */
export function failureOf(result: ScenarioResult): string {
  return result.status === "failed" ? result.failure?.message ?? "(no message)" : result.status;
}
