/**
 * Makes text safe to print on a terminal or in a line-based format (TAP): characters that could
 * move the cursor, change colours, end a line or reorder what is shown become visible escapes,
 * so that a scenario name or bytes from a peer cannot rewrite the report. Every human and TAP
 * output passes its text through these.
 *
 * @module
 */

/**
 * C0 controls other than tab and newline (NUL, BEL, ESC, CR, ...), DEL and C1 controls; the
 * Unicode line and paragraph separators (U+2028, U+2029), which line-based readers such as
 * tap-parser take as line ends; and the bidirectional controls that reorder displayed text
 * (U+200E, U+200F, U+202A-U+202E, U+2066-U+2069).
 */
// deno-lint-ignore no-control-regex
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_IN_LINE = /[\t\n]/g;

function escape(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * Replaces unsafe characters (see above) with `\xNN` or `\uNNNN`; tab and newline stay.
 *
 * @example
 * ```ts
 * import { visible } from "./_visible.ts";
 * console.assert(visible("a\x1b[2Jb\u2028") === "a\\x1b[2Jb\\u2028");
 * ```
 */
export function visible(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** As {@linkcode visible}, and tab and newline too: for text that must stay on one line. */
export function visibleLine(text: string): string {
  return visible(text).replace(UNSAFE_IN_LINE, escape);
}
