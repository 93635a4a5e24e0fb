/**
 * `--var NAME=VALUE` and `SOCKSPEC_VAR_NAME`: values for the variables that scenarios declare
 * under `vars:`, in place of the defaults written there.
 *
 * @module
 */
import type { Scenario } from "../model/scenario.ts";
import { UsageError } from "./usage_error.ts";

/** Prefix of the environment variables that set scenario variables. */
export const ENV_PREFIX = "SOCKSPEC_VAR_";

/** Scenarios listed in an error message, at most; the rest are counted. */
const LISTED_SCENARIOS = 10;

/**
 * Lists scenarios with what they have, one a line, for an error message: `file#name: a, b`.
 *
 * @param have What a scenario has (its variables, its server peers).
 */
export function listScenarios(
  scenarios: Scenario[],
  have: (scenario: Scenario) => string[],
): string {
  const lines = scenarios.slice(0, LISTED_SCENARIOS).map((s) => {
    const names = have(s);
    return `  ${s.file}#${s.name}: ${names.length > 0 ? names.join(", ") : "(none)"}`;
  });
  const more = scenarios.length - LISTED_SCENARIOS;
  if (more > 0) lines.push(`  and ${more} more`);
  return lines.join("\n");
}

/**
 * Reads `SOCKSPEC_VAR_NAME` for one declared NAME.
 *
 * @throws {UsageError} When the environment cannot be read (no `--allow-env` for it).
 */
export function envVariable(name: string): string | undefined {
  try {
    return Deno.env.get(`${ENV_PREFIX}${name}`);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotCapable)) throw error;
    throw new UsageError(
      `reading ${ENV_PREFIX}${name} needs --allow-env=${ENV_PREFIX}* (the scenarios task grants it)`,
    );
  }
}

/**
 * Gives every scenario its variables' values: `--var` first, then `SOCKSPEC_VAR_NAME` from the
 * environment, then the default in the file. A scenario gets only the variables it declares, so
 * braces in the payloads of other scenarios stay as written.
 *
 * @param given Values from `--var`, by name.
 * @param env Reads `SOCKSPEC_VAR_NAME` for a declared NAME. @default {envVariable}
 * @throws {UsageError} When a `--var` names a variable that no scenario declares; the message
 *   lists the scenarios and the variables they have.
 */
export function bindVariables(
  scenarios: Scenario[],
  given: Record<string, string>,
  env: (name: string) => string | undefined = envVariable,
): Scenario[] {
  const declared = new Set(scenarios.flatMap((s) => Object.keys(s.vars ?? {})));
  const unknown = Object.keys(given).filter((name) => !declared.has(name));
  if (unknown.length > 0) {
    throw new UsageError(
      `--var ${unknown.join(", ")}: no selected scenario declares ${
        unknown.length === 1 ? "it" : "them"
      } under vars:; the scenarios and their variables are\n${
        listScenarios(scenarios, (s) => Object.keys(s.vars ?? {}))
      }`,
    );
  }
  return scenarios.map((scenario) => {
    const names = Object.keys(scenario.vars ?? {});
    if (names.length === 0) return scenario;
    const vars = Object.fromEntries(
      names.map((name) => [name, given[name] ?? env(name) ?? scenario.vars![name]]),
    );
    return { ...scenario, vars };
  });
}
