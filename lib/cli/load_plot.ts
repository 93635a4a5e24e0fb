/**
 * `load-plot A.json ... --output FILE.html`: the `--load-json` results of load tests (merged
 * ones from `load-merge` too) as one self-contained HTML page of charts.
 *
 * @module
 */
import { resolve } from "node:path";
import { PARTIAL_SUFFIX } from "../report/reporter.ts";
import { LoadFileError, parseLoadFileArgs, readLoadDocument } from "./load_document.ts";
import { renderLoadHtml, type SourcedLoadResult } from "./load_html.ts";
import { OutputPathError, prepareOutputs } from "./outputs.ts";
import type { CliIo } from "./io.ts";

/** Usage of the subcommand. */
export const LOAD_PLOT_USAGE = `Usage: deno task scenarios load-plot FILE.json... --output FILE.html

Draws the --load-json results of load tests (merged ones from load-merge too) on one HTML page
that loads nothing and runs no script: per result its figures, the latency percentile
distribution (x: percentile on the 1/(1-p) log scale, as HdrHistogram's plotter), requests/s
and errors over time, and latency p50, p99 and max over time from the 1 s intervals.`;

/** Runs `load-plot` with its arguments; returns the exit code (2 for bad input). */
export async function loadPlot(args: string[], io: CliIo): Promise<number> {
  const parsed = parseLoadFileArgs(
    args,
    { name: "load-plot", usage: LOAD_PLOT_USAGE, outputRequired: "--output FILE.html" },
    io,
  );
  if (typeof parsed === "number") return parsed;
  const written = parsed.output!;
  const output = resolve(written);
  try {
    const results: SourcedLoadResult[] = [];
    for (const file of parsed.files) {
      const document = await readLoadDocument(file);
      document.results.forEach((result, index) => results.push({ file, index, result }));
    }
    const page = await renderLoadHtml(results);
    await prepareOutputs({
      files: [{ flag: `--output ${written}`, path: output }],
      dirs: [],
    });
    // Written under a temporary name and renamed: a reader never sees half a page.
    try {
      await Deno.writeTextFile(`${output}${PARTIAL_SUFFIX}`, page);
      await Deno.rename(`${output}${PARTIAL_SUFFIX}`, output);
    } catch (error) {
      await Deno.remove(`${output}${PARTIAL_SUFFIX}`).catch(() => {});
      throw error;
    }
    const plural = results.length === 1 ? "" : "s";
    io.stdout(`load-plot: ${results.length} result${plural} drawn to ${written}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof LoadFileError) && !(error instanceof OutputPathError)) throw error;
    io.stderr(`error: load-plot: ${error.message}\n`);
    return 2;
  }
}
