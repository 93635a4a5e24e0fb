/** The command line of sockspec. @module */
export { type CliIo, EXIT, main } from "./main.ts";
export { type CliOptions, parseCli, USAGE, UsageError } from "./args.ts";
