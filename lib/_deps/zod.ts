/**
 * zod, the schema library: the one place that names its version. Modules of the library import
 * it from here by relative path, so that sockspec imported by path from a project without
 * sockspec's deno.json still resolves it (a bare "zod" resolves only through that deno.json).
 *
 * @module
 */
export * from "npm:zod@^4.6.7";
