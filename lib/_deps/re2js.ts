/**
 * re2js, the linear-time (RE2) regular expression engine for patterns read from scenario files:
 * the one place that names its version (see zod.ts for why the library imports it from here).
 *
 * @module
 */
export { RE2JS } from "npm:re2js@^2.10.0";
