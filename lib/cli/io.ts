/** Where the command line writes. @module */

/**
 * Where the command writes; tests pass their own. With none, text goes to the process's
 * standard output and error, and the console reporter draws progress on a terminal.
 */
export interface CliIo {
  /** Writes text to standard output, synchronously. */
  stdout(text: string): void;
  /** Writes text to standard error, synchronously. */
  stderr(text: string): void;
}
