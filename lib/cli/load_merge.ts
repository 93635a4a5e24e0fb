/**
 * `load-merge A.json B.json ... --output ALL.json`: adds the `--load-json` results of several
 * instances of one load test (machines of a CI matrix, pods of an indexed Job) exactly.
 *
 * @module
 */
import { parseArgs } from "node:util";
import {
  type LoadDocument,
  type LoadResult,
  mergeLoadResults,
  MergeMismatch,
} from "../runner/load_result.ts";
import { formatLoad } from "./load.ts";
import type { CliIo } from "./io.ts";

/** Usage of the subcommand. */
export const LOAD_MERGE_USAGE =
  `Usage: deno task scenarios load-merge FILE.json... [--output ALL.json]

Adds the --load-json results of several instances of a load test: counts, histograms and 1 s
intervals add exactly; requests/s adds (the instances ran at the same time). Results are paired
by scenario name and transport. Prints the merged results, and writes them with --output.`;

async function readDocument(file: string): Promise<LoadDocument> {
  let document: LoadDocument;
  try {
    document = JSON.parse(await Deno.readTextFile(file));
  } catch (error) {
    throw new MergeMismatch(`${file}: ${(error as Error).message}`);
  }
  if (!Array.isArray(document?.results)) {
    throw new MergeMismatch(`${file}: expected a --load-json document with "results", found none`);
  }
  for (const [i, r] of document.results.entries()) {
    if (typeof r?.histogram !== "string" || !Array.isArray(r?.intervals)) {
      throw new MergeMismatch(
        `${file}: results[${i}]: expected "histogram" and "intervals" (written by --load-json)`,
      );
    }
  }
  return document;
}

/** Runs `load-merge` with its arguments; returns the exit code (2 for bad input). */
export async function loadMerge(args: string[], io: CliIo): Promise<number> {
  let values, positionals;
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { output: { type: "string" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (error) {
    io.stderr(`error: ${(error as Error).message}\n${LOAD_MERGE_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${LOAD_MERGE_USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0) {
    io.stderr(`error: load-merge: expected one or more JSON files\n${LOAD_MERGE_USAGE}\n`);
    return 2;
  }
  try {
    const groups = new Map<string, LoadResult[]>();
    let seed = 0;
    for (const file of positionals) {
      const document = await readDocument(file);
      seed = document.seed;
      for (const result of document.results) {
        const key = `${result.name}\u0000${result.transport}`;
        groups.set(key, [...groups.get(key) ?? [], result]);
      }
    }
    const merged = [...groups.values()].map(mergeLoadResults);
    for (const result of merged) io.stdout(formatLoad(result));
    if (values.output) {
      const document: LoadDocument = { seed, results: merged };
      await Deno.writeTextFile(values.output, `${JSON.stringify(document, null, 2)}\n`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof MergeMismatch)) throw error;
    io.stderr(`error: load-merge: ${error.message}\n`);
    return 2;
  }
}
