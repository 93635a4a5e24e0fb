/**
 * vega, which renders the charts of the HTML pages to SVG: the one place that names its version
 * (see zod.ts for why the library imports it from here).
 *
 * @module
 */
export * from "npm:vega@^6.4.0";
