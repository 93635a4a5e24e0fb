/**
 * `.hgrm` files: HdrHistogram's percentile-distribution text (Value, Percentile, TotalCount,
 * 1/(1-Percentile)), which HdrHistogram's plotter reads.
 *
 * @module
 */
import { basename, dirname, extname, join } from "node:path";
import { decodeHistogram, type LatencyHistogram } from "../common/histogram.ts";
import type { BenchDocument } from "./report_document.ts";

/**
 * The percentile distribution of a histogram of ns, with values in ms (HdrHistogram's usual
 * unit for `.hgrm` files) and 5 percentile ticks per half distance.
 *
 * @example
 * ```ts
 * import { createLatencyHistogram, recordLatencyMs } from "../common/histogram.ts";
 * import { formatHgrm } from "./hgrm.ts";
 * const h = createLatencyHistogram();
 * recordLatencyMs(h, 0.5);
 * console.assert(formatHgrm(h).includes("#[Mean    =        0.500"));
 * ```
 */
export function formatHgrm(histogram: LatencyHistogram): string {
  return histogram.outputPercentileDistribution(5, 1e6);
}

/** `tcp round trip 64 B #0 @0.5` as a file name part: `tcp-round-trip-64-B-0-0.5`. */
export function hgrmSlug(key: string): string {
  return key.replace(/[^A-Za-z0-9.]+/g, "-").replace(/^-|-$/g, "");
}

/**
 * Writes one `.hgrm` file per histogram of the document beside the JSON file:
 * `bench-results.json` gets `bench-results.<slug>.hgrm` files in the same folder.
 *
 * @returns The paths written, in the document's order.
 */
export async function writeHgrmFiles(document: BenchDocument, jsonPath: string): Promise<string[]> {
  const stem = basename(jsonPath, extname(jsonPath));
  const paths: string[] = [];
  for (const [key, entry] of Object.entries(document.histograms)) {
    const path = join(dirname(jsonPath), `${stem}.${hgrmSlug(key)}.hgrm`);
    await Deno.writeTextFile(path, formatHgrm(decodeHistogram(entry.data)));
    paths.push(path);
  }
  return paths;
}
