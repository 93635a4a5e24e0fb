/** The error of a command line that cannot be run. @module */

/** Thrown for a command line that cannot be run; the CLI exits with code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
