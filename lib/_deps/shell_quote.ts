/**
 * shell-quote, for putting values into `sh -c` command lines as single words: the one place that
 * names its version (see zod.ts for why the library imports it from here).
 *
 * @module
 */
// @ts-types="npm:@types/shell-quote@^1.7.5"
export { parse, quote } from "npm:shell-quote@^1.8.3";
