/**
 * `deno task bench`: measures every transport side by side with iperf3 and sockperf, prints
 * tables and writes JSON. See bench/README.md and `deno task bench --help`.
 *
 * @module
 */
import { createStderrProgress } from "../lib/bench/progress.ts";
import { parseReportArgs, REPORT_HELP, ReportArgsError } from "../lib/bench/report_args.ts";
import { planCases } from "../lib/bench/report_plan.ts";
import { countSteps, detectTools, runReport } from "../lib/bench/report_runner.ts";
import { formatReport } from "../lib/bench/report_table.ts";
import { verifyStreamReport } from "../lib/bench/verify_stream.ts";
import { writeHgrmFiles } from "../lib/bench/hgrm.ts";
import { renderBenchHtml } from "../lib/bench/report_html.ts";
import { measureRedisPing } from "../lib/runner/load_redis_ping.ts";

async function main(args: string[]): Promise<number> {
  let options;
  try {
    options = parseReportArgs(args);
  } catch (error) {
    if (!(error instanceof ReportArgsError)) throw error;
    console.error(error.message);
    return 2;
  }
  if (options.help) {
    console.log(REPORT_HELP);
    return 0;
  }
  const tools = await detectTools(options.compare);
  const steps = countSteps(planCases(options, tools), options.repeat) + (options.verify ? 1 : 0);
  const progress = createStderrProgress(steps);
  const document = await runReport(options, {
    progress,
    verify: verifyStreamReport,
    measureRedisPing,
  });
  await Deno.writeTextFile(options.jsonPath, JSON.stringify(document, null, 2) + "\n");
  console.log(formatReport(document));
  console.log(`JSON written to ${options.jsonPath}`);
  const hgrm = await writeHgrmFiles(document, options.jsonPath);
  if (hgrm.length > 0) console.log(`${hgrm.length} .hgrm files written beside it`);
  if (options.htmlPath !== undefined) {
    await Deno.writeTextFile(options.htmlPath, await renderBenchHtml(document));
    console.log(`HTML written to ${options.htmlPath}`);
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
