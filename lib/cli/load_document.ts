/**
 * Reading the documents that `--load-json` writes, for `load-merge` and `load-plot`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import type { LoadDocument } from "../runner/load_result.ts";
import type { CliIo } from "./io.ts";

/** Thrown for a file that is not `--load-json` output; the CLI exits with code 2. */
export class LoadFileError extends Error {
  override name = "LoadFileError";
}

/**
 * Reads and checks the shape of a `--load-json` document: a `results` list whose entries hold
 * a `histogram` string and an `intervals` list.
 *
 * @throws {LoadFileError} Naming the file (and the result) and what was expected, when the file
 * cannot be read, is not JSON, or is not `--load-json` output.
 */
export async function readLoadDocument(file: string): Promise<LoadDocument> {
  let document: LoadDocument;
  try {
    document = JSON.parse(await Deno.readTextFile(file));
  } catch (error) {
    throw new LoadFileError(`${file}: ${(error as Error).message}`);
  }
  if (!Array.isArray(document?.results)) {
    throw new LoadFileError(`${file}: expected a --load-json document with "results", found none`);
  }
  for (const [i, r] of document.results.entries()) {
    if (typeof r?.histogram !== "string" || !Array.isArray(r?.intervals)) {
      throw new LoadFileError(
        `${file}: results[${i}]: expected "histogram" and "intervals" (written by --load-json)`,
      );
    }
  }
  return document;
}

/** The input files and `--output` of a load subcommand (`load-merge`, `load-plot`). */
export interface LoadFileArgs {
  files: string[];
  output?: string;
}

/**
 * Reads a load subcommand's arguments: JSON files and `--output`. Returns them, or the exit code
 * when the command is already done: 0 after `--help`, 2 after a usage error (said on stderr).
 */
export function parseLoadFileArgs(
  args: string[],
  command: { name: string; usage: string; outputRequired: string | false },
  io: CliIo,
): LoadFileArgs | number {
  const fail = (message: string) => {
    io.stderr(`error: ${message}\n${command.usage}\n`);
    return 2;
  };
  let values, positionals;
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { output: { type: "string" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (error) {
    return fail((error as Error).message);
  }
  if (values.help) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  if (positionals.length === 0) return fail(`${command.name}: expected one or more JSON files`);
  if (command.outputRequired && !values.output) {
    return fail(`${command.name}: expected ${command.outputRequired}`);
  }
  return { files: positionals, output: values.output };
}
