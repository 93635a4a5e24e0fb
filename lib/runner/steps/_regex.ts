/** Patterns of steps, compiled after `{variables}` are expanded. @internal @module */
import { compileRegex, RegexSyntaxError, type ScenarioRegex } from "../../common/regex.ts";
import { StepFailure } from "../errors.ts";

/**
 * Compiles a step's pattern once its variables are in. The file's pattern was checked at load;
 * a captured value can still make it invalid, and that fails the step, not the run.
 *
 * @throws {StepFailure} When the expanded pattern is not RE2 syntax.
 */
export function runtimeRegex(source: string): ScenarioRegex {
  try {
    return compileRegex(source);
  } catch (error) {
    if (!(error instanceof RegexSyntaxError)) throw error;
    throw new StepFailure(`pattern /${source}/ after expanding variables: ${error.message}`);
  }
}
