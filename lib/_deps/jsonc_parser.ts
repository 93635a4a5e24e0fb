/**
 * jsonc-parser, the JSON-with-comments parser of VS Code (deno.jsonc files): the one place that
 * names its version. Modules of the library import it from here by relative path, so that
 * sockspec imported by path from a project without sockspec's deno.json still resolves it.
 *
 * @module
 */
export { parse } from "npm:jsonc-parser@^3.3.1";
