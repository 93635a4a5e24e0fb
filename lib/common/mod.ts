/**
 * The shared vocabulary of sockspec, the lowest layer: every other folder may import it, it
 * imports none of them. Transports, sizes (bytes), durations (ms), source locations, check
 * verdicts, error names and the latency histogram.
 *
 * @module
 */
export { isStream, type Transport, TRANSPORTS } from "./transport.ts";
export { formatSize, parseSize, SIZE_FORMS, SizeSyntaxError } from "./size.ts";
export { sizeSchema } from "./size_schema.ts";
export { DurationSyntaxError, formatDurationMs, parseDurationMs } from "./duration.ts";
export type { SourceLocation } from "./location.ts";
export type { CheckVerdict } from "./verdict.ts";
export { errorName } from "./error_name.ts";
