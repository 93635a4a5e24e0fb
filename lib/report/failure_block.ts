/**
 * The block a console report prints for a failed scenario.
 *
 * @module
 */
import { type Colors, createColors } from "./_ansi.ts";
import type { Failure, ScenarioResult, SourceLocation } from "./result.ts";
import { formatDiff } from "./diff.ts";
import { formatEventsTable } from "./events_table.ts";
import { visible } from "./_visible.ts";

/** Options of {@linkcode formatFailure}. */
export interface FormatFailureOptions {
  /**
   * Use ANSI colours.
   *
   * @default {false}
   */
  color?: boolean;
  /**
   * Events of the record shown, the last ones; `Infinity` shows every event the result kept.
   *
   * @default {20}
   */
  eventsLimit?: number;
  /**
   * Lines kept of each output stream of a command peer, the last ones.
   *
   * @default {10}
   */
  outputLines?: number;
  /**
   * Spaces before every line of the block but the first.
   *
   * @default {2}
   */
  indent?: number;
}

/**
 * Formats why a scenario failed: the message; the peer, step and `file:line:col`; expected vs
 * received as a hex and text diff; the check verdicts that failed; the notes; the last events
 * of the record; the output of command peers; the seed; and the command that reruns it.
 *
 * Works on any result; parts that a result does not carry are left out.
 *
 * @example
 * ```ts
 * import { formatFailure } from "./failure_block.ts";
 * const text = formatFailure({
 *   id: "a.yaml#x[tcp]", name: "x", file: "a.yaml", line: 1, transport: "tcp", tags: [],
 *   status: "failed", durationMs: 3, seed: 7, checks: [], notes: [], events: [],
 *   failure: { message: "timed out after 100 ms waiting for 6 bytes" },
 *   rerun: "deno task scenarios a.yaml --seed 7",
 * });
 * console.assert(text.includes("rerun: deno task scenarios a.yaml --seed 7"));
 * ```
 *
 * @returns Lines joined by `\n`, without a trailing newline.
 */
export function formatFailure(result: ScenarioResult, options: FormatFailureOptions = {}): string {
  const c = createColors(options.color ?? false);
  const pad = " ".repeat(options.indent ?? 2);
  const failure: Failure = result.failure ?? { message: failedChecksMessage(result) };
  const sections: string[][] = [
    [
      `${c.red("✗")} ${c.bold(visible(result.name))} [${result.transport}]  ${
        c.dim(`${result.file}:${result.line}`)
      }`,
      c.red(visible(failure.message)),
      ...whereLines(failure),
    ],
    diffLines(failure, options.color ?? false),
    checkLines(result, c),
    listSection("notes:", result.notes.map(visible)),
    eventsLines(result, options.eventsLimit ?? 20),
    outputLines(failure, options.outputLines ?? 10),
    [`seed: ${result.seed}`, `rerun: ${c.cyan(result.rerun)}`],
  ];
  const lines = sections
    .filter((s) => s.length > 0)
    .flatMap((s, i) => i > 0 ? ["", ...s] : s)
    .flatMap((line) => line.split("\n"));
  return lines.map((line, i) => (i === 0 || line === "" ? line : pad + line)).join("\n");
}

/** `file:line:col` of a source location. */
export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

function failedChecksMessage(result: ScenarioResult): string {
  const failed = result.checks.filter((p) => !p.ok).map((p) => p.name);
  return failed.length > 0 ? `checks failed: ${failed.join(", ")}` : "failed";
}

function whereLines(failure: Failure): string[] {
  const at = failure.location ? ` (${formatLocation(failure.location)})` : "";
  if (failure.peer !== undefined && failure.step !== undefined) {
    return [`at ${failure.peer}, step ${failure.step}${at}`];
  }
  if (failure.step !== undefined) return [`at step ${failure.step}${at}`];
  if (failure.peer !== undefined) return [`at ${failure.peer}${at}`];
  return failure.location ? [`at ${formatLocation(failure.location)}`] : [];
}

function diffLines(failure: Failure, color: boolean): string[] {
  if (failure.expected === undefined && failure.received === undefined) return [];
  return formatDiff(failure.expected, failure.received, { color }).split("\n");
}

function checkLines(result: ScenarioResult, c: Colors): string[] {
  const failed = result.checks.filter((p) => !p.ok);
  if (failed.length === 0) return [];
  return [
    "failed checks:",
    ...failed.map((p) => `  ${c.red("✗")} ${p.name}: ${p.detail}`),
  ];
}

function listSection(title: string, items: readonly string[]): string[] {
  return items.length === 0 ? [] : [title, ...items.map((item) => `  ${item}`)];
}

function eventsLines(result: ScenarioResult, limit: number): string[] {
  const table = formatEventsTable(result.events, { limit });
  if (table === "") return [];
  const shown = Math.min(limit, result.events.length);
  const title = shown < result.events.length
    ? `events (last ${shown} of ${result.events.length}):`
    : `events (${result.events.length}):`;
  return [title, ...table.split("\n").map((line) => `  ${line}`)];
}

function outputLines(failure: Failure, keep: number): string[] {
  if (failure.output === undefined) return [];
  const lines: string[] = [];
  for (const [peer, output] of Object.entries(failure.output)) {
    const exit = output.exitCode === undefined
      ? ""
      : output.exitCode === null
      ? " (killed or still running)"
      : ` (exit code ${output.exitCode})`;
    lines.push(`output of ${peer}${exit}:`);
    const tails = [...tail("stdout", output.stdout, keep), ...tail("stderr", output.stderr, keep)];
    lines.push(...(tails.length > 0 ? tails : ["  (no output)"]));
  }
  return lines;
}

function tail(stream: string, text: string, keep: number): string[] {
  const lines = text.replace(/\r?\n$/, "").split(/\r?\n/);
  if (text === "") return [];
  const kept = lines.slice(Math.max(0, lines.length - keep));
  const cut = lines.length - kept.length;
  const head = cut > 0 ? [`  ${stream} | … ${cut} earlier lines`] : [];
  return [...head, ...kept.map((line) => `  ${stream} | ${visible(line)}`)];
}
