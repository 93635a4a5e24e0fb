/**
 * `load-merge A.json B.json ... --output ALL.json`: adds the `--load-json` results of several
 * instances of one load test (machines of a CI matrix, pods of an indexed Job) exactly.
 *
 * @module
 */
import {
  type LoadDocument,
  type LoadResult,
  mergeLoadResults,
  MergeMismatch,
} from "../runner/load_result.ts";
import { formatLoad } from "./load.ts";
import { LoadFileError, parseLoadFileArgs, readLoadDocument } from "./load_document.ts";
import type { CliIo } from "./io.ts";

/** Usage of the subcommand. */
export const LOAD_MERGE_USAGE =
  `Usage: deno task scenarios load-merge FILE.json... [--output ALL.json]

Adds the --load-json results of several instances of a load test: counts, histograms and 1 s
intervals add exactly; requests/s adds (the instances ran at the same time). Results are paired
by scenario name and transport. Prints the merged results, and writes them with --output.`;

/** Runs `load-merge` with its arguments; returns the exit code (2 for bad input). */
export async function loadMerge(args: string[], io: CliIo): Promise<number> {
  const parsed = parseLoadFileArgs(
    args,
    { name: "load-merge", usage: LOAD_MERGE_USAGE, outputRequired: false },
    io,
  );
  if (typeof parsed === "number") return parsed;
  try {
    const groups = new Map<string, LoadResult[]>();
    let seed = 0;
    for (const file of parsed.files) {
      const document = await readLoadDocument(file);
      seed = document.seed;
      for (const result of document.results) {
        const key = `${result.name}\u0000${result.transport}`;
        groups.set(key, [...groups.get(key) ?? [], result]);
      }
    }
    const merged = [...groups.values()].map(mergeLoadResults);
    for (const result of merged) io.stdout(formatLoad(result));
    if (parsed.output) {
      const document: LoadDocument = { seed, results: merged };
      await Deno.writeTextFile(parsed.output, `${JSON.stringify(document, null, 2)}\n`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof MergeMismatch) && !(error instanceof LoadFileError)) throw error;
    io.stderr(`error: load-merge: ${error.message}\n`);
    return 2;
  }
}
