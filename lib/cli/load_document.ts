/**
 * Reading the documents that `--load-json` writes, for `load-merge` and `load-plot`.
 *
 * @module
 */
import type { LoadDocument } from "../runner/load_result.ts";

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
