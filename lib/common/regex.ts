/**
 * Regular expressions from scenario files, matched in linear time by RE2 (npm `re2js`): a pattern
 * such as `^(a+)+$` cannot stall the runner, whatever text a peer sends. The syntax is RE2's
 * (https://github.com/google/re2/wiki/Syntax): JavaScript's lookaround (`(?=`, `(?<=`) and
 * backreferences (`\1`) are refused when the file loads.
 *
 * @module
 */
import { RE2JS } from "../_deps/re2js.ts";

/** A match: where it starts (in UTF-16 code units, as `String.prototype.slice` counts), the
 * matched text, and its groups (`""` for a group that took no part). */
export interface RegexMatch {
  index: number;
  text: string;
  groups: string[];
}

/** A compiled pattern. */
export interface ScenarioRegex {
  /** The pattern as written. */
  readonly source: string;
  /** The first match in `text`, or null. */
  exec(text: string): RegexMatch | null;
  /** Whether `text` holds a match. */
  test(text: string): boolean;
}

/** Options of {@linkcode compileRegex}. */
export interface CompileRegexOptions {
  /** `^` and `$` match at line ends too. @default {false} */
  multiline?: boolean;
}

/** A pattern is not valid RE2 syntax. The message says what is wrong and what is accepted. */
export class RegexSyntaxError extends Error {
  override name = "RegexSyntaxError";
}

/**
 * `text` with its control characters escaped as in JSON (`\n`, `\r`, `\u0000`): RE2's messages
 * quote the pattern, which may hold line breaks, and an error is said on one line.
 */
function oneLine(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/[\u0000-\u001f]/g, (c) => JSON.stringify(c).slice(1, -1));
}

/**
 * Compiles `source` with RE2 semantics.
 *
 * @example
 * ```ts
 * import { compileRegex } from "./regex.ts";
 * const match = compileRegex("VALUE (\\d+)").exec("VALUE 42");
 * console.assert(match?.groups[0] === "42");
 * ```
 * @throws {RegexSyntaxError} When `source` is not RE2 syntax (lookaround, backreferences,
 *   repeat counts above 1000, unbalanced brackets).
 */
export function compileRegex(source: string, options: CompileRegexOptions = {}): ScenarioRegex {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source, options.multiline ? RE2JS.MULTILINE : 0);
  } catch (error) {
    const detail = /\(\?<?[=!]/.test(source)
      ? "lookahead and lookbehind are not RE2 syntax"
      : /\\[1-9]/.test(source)
      ? "backreferences are not RE2 syntax"
      : oneLine((error as Error).message.replace(/^error parsing regexp: /, ""));
    throw new RegexSyntaxError(
      `expected an RE2 regular expression (no lookaround, no backreferences): ${detail}`,
    );
  }
  return {
    source,
    exec(text) {
      const matcher = compiled.matcher(text);
      if (!matcher.find()) return null;
      const groups: string[] = [];
      for (let i = 1; i <= matcher.groupCount(); i++) groups.push(matcher.group(i) ?? "");
      return { index: matcher.start(), text: matcher.group(0) ?? "", groups };
    },
    test(text) {
      return compiled.matcher(text).find();
    },
  };
}
