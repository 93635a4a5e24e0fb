/**
 * ANSI colours (ECMA-48 SGR), the few the reporters use.
 *
 * The same functions as picocolors' `createColors`, written here because picocolors reads
 * `FORCE_COLOR`, `NO_COLOR`, `CI` and `TERM` when it is imported, which throws `NotCapable`
 * without `--allow-env` (and prompts on a terminal): importing the reporters must not need
 * permissions. Whether colours are on is decided by the reporters (see `useColor`).
 *
 * @module
 */

/** Colour functions; all return their input unchanged when colours are off. */
export interface Colors {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

/** Makes colour functions that add SGR codes when `enabled`, else return text as it is. */
export function createColors(enabled: boolean): Colors {
  const style = enabled ? sgr : () => (text: string) => text;
  return {
    bold: style(1, 22, "\x1b[22m\x1b[1m"),
    dim: style(2, 22, "\x1b[22m\x1b[2m"),
    red: style(31, 39),
    green: style(32, 39),
    yellow: style(33, 39),
    cyan: style(36, 39),
  };
}

/**
 * A function that wraps text in `ESC[open m` … `ESC[close m`; a close code inside the text (from
 * a nested style) is followed by a re-open so that the outer style goes on.
 */
function sgr(open: number, close: number, replace = `\x1b[${open}m`): (text: string) => string {
  const openCode = `\x1b[${open}m`;
  const closeCode = `\x1b[${close}m`;
  return (text) => {
    if (text === "") return text;
    const inner = text.includes(closeCode) ? text.replaceAll(closeCode, closeCode + replace) : text;
    return openCode + inner + closeCode;
  };
}
