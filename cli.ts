/**
 * `deno task scenarios [PATH...] [OPTIONS]`: runs scenario files and reports. See `--help`.
 *
 * @module
 */
import { main } from "./lib/cli/mod.ts";

if (import.meta.main) Deno.exit(await main(Deno.args));
