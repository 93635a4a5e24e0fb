/** The version of sockspec, as deno.json (the package's manifest) states it. @module */
import config from "../../deno.json" with { type: "json" };

/** The version of sockspec, such as `0.1.0`. */
export const VERSION: string = config.version;
