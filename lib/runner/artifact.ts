/** The record of a failed scenario, written as a JSON file for CI artifacts. @module */
import { join } from "node:path";
import type { RecordEvent } from "../record/event.ts";
import type { ScenarioResult } from "../report/result.ts";
import { jsonReplacer } from "../report/mod.ts";

/** A file name for a result: its scenario name, transport and seed, safe on every file system. */
function fileName(result: ScenarioResult): string {
  const slug = result.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return `${slug.slice(0, 80)}.${result.transport}.${result.seed}.json`;
}

/**
 * Writes `{ result, events }` (every event the record kept, with µs timestamps, byte counts and
 * the seed) to `dir`, creating it.
 *
 * @returns The path written.
 */
export async function writeFailureArtifact(
  dir: string,
  result: ScenarioResult,
  events: readonly RecordEvent[],
): Promise<string> {
  await Deno.mkdir(dir, { recursive: true });
  const path = join(dir, fileName(result));
  const document = { version: 1, ...result, events };
  await Deno.writeTextFile(path, `${JSON.stringify(document, jsonReplacer, 2)}\n`);
  return path;
}
