/**
 * vega-lite, which compiles the charts of the HTML pages to Vega: the one place that names its
 * version (see zod.ts for why the library imports it from here).
 *
 * @module
 */
export * from "npm:vega-lite@^6.5.0";
