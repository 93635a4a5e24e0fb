/**
 * Makes text safe to print on a terminal: control characters (other than tab and newline) become
 * `\xNN`, so that bytes from a peer cannot move the cursor or change colours.
 *
 * @module
 */

// deno-lint-ignore no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/** Replaces control characters other than `\t` and `\n` with `\xNN`. */
export function visible(text: string): string {
  return text.replace(CONTROL, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
