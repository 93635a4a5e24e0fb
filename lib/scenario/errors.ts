/** Errors of scenario files. @module */

/** Where a problem is in a scenario file, 1-based line and column. */
export interface FileLocation {
  file: string;
  line: number;
  column: number;
}

/**
 * A scenario file is invalid: bad YAML, an unknown step, a wrong type, a missing field.
 *
 * The message reads `file:line:column: field: what was expected, what was found`.
 */
export class ScenarioFileError extends Error {
  override name = "ScenarioFileError";
  /** Where the problem is. */
  readonly location: FileLocation;
  /** Dotted path of the field, for example `client.steps[2].send.chunk`. */
  readonly field: string;

  constructor(location: FileLocation, field: string, problem: string) {
    const where = `${location.file}:${location.line}:${location.column}`;
    super(field ? `${where}: ${field}: ${problem}` : `${where}: ${problem}`);
    this.location = location;
    this.field = field;
  }
}
