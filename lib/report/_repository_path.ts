/** Paths as CI systems link them. @internal @module */
import { relative, resolve, sep } from "node:path";

/**
 * `file` relative to the working directory, with `/` separators: CI runs sockspec at the
 * repository root, and GitHub annotations and JUnit readers want repository-relative paths.
 * Without permission to read the working directory, `file` is kept as it is.
 */
export function repositoryPath(file: string): string {
  let cwd: string;
  try {
    cwd = Deno.cwd();
  } catch (error) {
    if (!(error instanceof Deno.errors.NotCapable)) throw error;
    return file;
  }
  const path = relative(cwd, resolve(cwd, file));
  return sep === "/" ? path : path.replaceAll(sep, "/");
}
