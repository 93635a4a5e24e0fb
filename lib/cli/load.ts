/** `--load`: the selected scenarios as load tests, one after another. @module */
import type { PlannedRun } from "../runner/run_suite.ts";
import { LoadPlanError, runLoad } from "../runner/load_run.ts";
import type { LoadDocument, LoadResult } from "../runner/load_result.ts";
import { decodeHistogram, formatHgrm, formatLatencyTable } from "../runner/load_histogram.ts";
import { checkBudgets, formatBudget } from "../runner/load_budget.ts";
import type { LoadSettings } from "./args.ts";
import type { CliIo } from "./io.ts";
import { watchInterrupts } from "./interrupt.ts";

/** A bit rate with a unit that keeps 3 significant digits: `812 kbit/s`, `3.52 Gbit/s`. */
function formatBitRate(bitsPerSecond: number): string {
  const units = ["bit/s", "kbit/s", "Mbit/s", "Gbit/s"];
  let value = bitsPerSecond;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toPrecision(3)} ${units[unit]}`;
}

const whole = (n: number) => Math.round(n).toLocaleString("en-US");

/**
 * A load result as text: what ran, completed requests (or rounds) per second and errors, then
 * the latency distribution as wrk2 `--latency` prints it. Request loads print no throughput in
 * bits: their bytes are requests, not a stream.
 */
export function formatLoad(result: LoadResult): string {
  const unit = result.unit;
  const how = describeLoad(result);
  const lines = [
    `${result.name} [${result.transport}] ${how}: ${(result.durationMs / 1000).toFixed(2)} s`,
    `  ${whole(result.completed)} ${unit}s, ${whole(result.perSecond)} ${unit}s/s, ${
      whole(result.errors)
    } errors${result.firstError ? ` (first: ${result.firstError})` : ""}`,
  ];
  if (unit === "round" && result.sentBytes + result.receivedBytes > 0) {
    const bits = (result.sentBytes + result.receivedBytes) * 8 / (result.durationMs / 1000);
    lines.push(
      `  ${whole(result.sentBytes)} bytes sent, ${whole(result.receivedBytes)} received, ${
        formatBitRate(bits)
      }`,
    );
  }
  const from = result.ratePerSecond
    ? "its intended start"
    : unit === "round"
    ? "its start"
    : "its send";
  lines.push(`  ${unit} latency from ${from} (HDR, 3 significant digits):`);
  let text = `${lines.join("\n")}\n${formatLatencyTable(result.latency, "  ")}`;
  for (const check of result.checks.filter((c) => !c.ok)) {
    text += `  check ${check.name} failed: ${check.detail}\n`;
  }
  for (const verdict of result.budget ?? []) text += `  ${formatBudget(verdict)}\n`;
  return text;
}

/**
 * How a load ran, in words: `4 connections, 2 workers, closed loop`, `1 client, in-thread, open
 * loop at 500/s, 4 instances merged`.
 */
export function describeLoad(result: LoadResult): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return [
    plural(
      result.clients,
      result.unit === "request" && result.workers > 0 ? "connection" : "client",
    ),
    result.workers > 0 ? plural(result.workers, "worker") : "in-thread",
    ...(result.pipeline > 1 ? [`pipeline ${result.pipeline}`] : []),
    ...(result.reconnect && result.workers > 0 ? ["reconnect per round"] : []),
    result.ratePerSecond ? `open loop at ${whole(result.ratePerSecond)}/s` : "closed loop",
    ...(result.instances > 1 ? [`${result.instances} instances merged`] : []),
  ].join(", ");
}

/** Whether a result fails the command: errors, nothing completed, a check or a budget. */
function failed(result: LoadResult): boolean {
  return result.errors > 0 || result.completed === 0 || result.checks.some((c) => !c.ok) ||
    (result.budget ?? []).some((b) => !b.ok);
}

/**
 * Runs each planned scenario as a load test, one at a time so that they do not compete, prints
 * each, writes `--load-json` and `--load-hgrm`, and returns the exit code: 1 if a request or
 * round failed, a check or a budget was not met; 2 if a scenario cannot run as asked.
 */
export async function runLoadCommand(
  runs: PlannedRun[],
  settings: LoadSettings & { seed: number },
  io: CliIo,
): Promise<number> {
  const results: LoadResult[] = [];
  let code = 0;
  // A stop signal ends the load at the next round and starts no further scenario; what was
  // measured is still printed and written.
  using interrupts = watchInterrupts(io.stderr);
  for (const { scenario, transport } of runs) {
    if (interrupts.signal.aborted) break;
    io.stderr(`load: ${scenario.name} [${transport}] for ${settings.durationMs} ms...\n`);
    try {
      const result = await runLoad(scenario, transport, { ...settings, signal: interrupts.signal });
      if (settings.budgets.length > 0) {
        result.budget = checkBudgets(settings.budgets, result.latency);
      }
      results.push(result);
      io.stdout(formatLoad(result));
    } catch (error) {
      io.stdout(`${scenario.name} [${transport}]: could not run: ${(error as Error).message}\n`);
      code = error instanceof LoadPlanError ? 2 : 1;
      break;
    }
  }
  if (settings.json) {
    const document: LoadDocument = { seed: settings.seed, results };
    await Deno.writeTextFile(settings.json, `${JSON.stringify(document, null, 2)}\n`);
  }
  if (settings.hgrm) {
    await Deno.writeTextFile(
      settings.hgrm,
      results.map((r) => formatHgrm(decodeHistogram(r.histogram))).join("\n"),
    );
  }
  return interrupts.exitCode() ?? (code || (results.some(failed) ? 1 : 0));
}
