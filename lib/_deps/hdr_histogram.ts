/**
 * hdr-histogram-js, HDR histograms for latency percentiles: the one place that names its version.
 * Modules of the library import it from here by relative path, so that sockspec imported by path
 * from a project without sockspec's deno.json still resolves it.
 *
 * @module
 */
export * from "npm:hdr-histogram-js@^3.0.1";
