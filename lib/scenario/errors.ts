/** Errors of scenario files. @module */
import type { SourceLocation } from "../common/location.ts";

/**
 * A scenario file is invalid: bad YAML, an unknown step, a wrong type, a missing field.
 *
 * The message reads `file:line:column: field: what was expected, what was found`.
 */
export class ScenarioFileError extends Error {
  /** Always `ScenarioFileError`. */
  override name = "ScenarioFileError";
  /** Where the problem is. */
  readonly location: SourceLocation;
  /** Dotted path of the field, for example `client.steps[2].send.chunk`. */
  readonly field: string;

  /**
   * Makes the error with the message `file:line:column: field: problem`.
   *
   * @param location Where the problem is.
   * @param field Dotted path of the field, or empty for the whole document.
   * @param problem What was expected and what was found.
   */
  constructor(location: SourceLocation, field: string, problem: string) {
    const where = `${location.file}:${location.line}:${location.column}`;
    super(field ? `${where}: ${field}: ${problem}` : `${where}: ${problem}`);
    this.location = location;
    this.field = field;
  }
}
