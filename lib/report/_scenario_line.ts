/**
 * The one line a console report prints for a finished scenario.
 *
 * @module
 */
import type { Colors } from "./_ansi.ts";
import type { ScenarioResult } from "./result.ts";
import { formatDurationMs } from "../common/duration.ts";
import { visible } from "./_visible.ts";

/**
 * `✓ name [tcp] (12 ms)`, `✗ name [tcp] (1.2 s)`, `- name [tcp] skipped: reason` or
 * `! name [tcp] interrupted by SIGINT`.
 */
export function formatScenarioLine(result: ScenarioResult, c: Colors): string {
  const title = `${visible(result.name)} [${result.transport}]`;
  switch (result.status) {
    case "passed":
      return `${c.green("✓")} ${title} ${c.dim(`(${formatDurationMs(result.durationMs)})`)}`;
    case "failed":
      return `${c.red("✗")} ${title} ${c.dim(`(${formatDurationMs(result.durationMs)})`)}`;
    case "interrupted":
      return `${c.yellow("!")} ${title} ${
        c.yellow(visible(result.failure?.message ?? "interrupted"))
      }`;
    case "skipped": {
      const reason = result.skipReason ? `: ${visible(result.skipReason)}` : "";
      return `${c.yellow("-")} ${title} ${c.yellow(`skipped${reason}`)}`;
    }
  }
}

/** Check verdicts and notes, indented, for verbose reports of passed scenarios. */
export function formatDetails(result: ScenarioResult, c: Colors): string[] {
  return [
    ...result.checks.map((p) =>
      `    ${p.ok ? c.green("✓") : c.red("✗")} ${p.name}: ${visible(p.detail)}`
    ),
    ...result.notes.map((note) => `    ${c.dim(visible(note))}`),
  ];
}
