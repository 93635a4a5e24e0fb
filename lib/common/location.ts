/** Source locations: where in a scenario file something is written. @module */

/** Where in a scenario file something is, 1-based line and column. */
export interface SourceLocation {
  /** Path of the file as it was given. */
  file: string;
  /** Line, from 1. */
  line: number;
  /** Column, from 1. */
  column: number;
}
