/**
 * Failure headlines that say what a command peer did: it exited (with its code and the last
 * lines of its stderr), or it was not bound yet when its readiness delay ended.
 *
 * @module
 */
import type { Scenario } from "../model/scenario.ts";
import type { RunningCommand } from "./peers/command.ts";

/**
 * How long a failed run waits for its commands to exit by themselves before stopping them, in
 * ms: a server that crashed closes its sockets (the client's EOF) a moment before the process is
 * gone, and its exit code is what explains the failure.
 */
export const OWN_EXIT_WAIT_MS = 200;

/** Waits until every command has exited, or {@linkcode OWN_EXIT_WAIT_MS} passed. */
export async function awaitOwnExits(commands: readonly RunningCommand[]): Promise<void> {
  const live = commands.filter((c) => c.exitCode === undefined);
  if (live.length === 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    Promise.all(live.map((c) => c.exited)),
    new Promise((resolve) => timer = setTimeout(resolve, OWN_EXIT_WAIT_MS)),
  ]);
  clearTimeout(timer);
}

/** Lines of a command's stderr quoted in a headline, the last ones. */
export const HEADLINE_STDERR_LINES = 3;

/** The last `count` lines of `text` that are not blank. */
function lastLines(text: string, count: number): string[] {
  return text.split("\n").map((line) => line.trimEnd()).filter((line) => line !== "")
    .slice(-count);
}

/**
 * Whether a command's exit explains a failure: a server that ended before it was stopped, or
 * with a failing code; a client that ended with a code other than its `expect_exit`.
 */
function exitedBadly(command: RunningCommand, scenario: Scenario): boolean {
  if (command.exitCode === undefined) return false;
  const peer = scenario.peers.find((p) => p.name === command.name);
  if (peer?.role === "client") return command.exitCode !== (peer.doc.expect_exit ?? 0);
  return command.exitedUnasked === true ||
    (command.exitSignal === null && command.exitCode !== 0);
}

function stderrPart(command: RunningCommand): string {
  const lines = lastLines(command.stderr.text, HEADLINE_STDERR_LINES);
  return lines.length === 0
    ? ""
    : `; stderr ends: ${lines.map((l) => JSON.stringify(l)).join(" ")}`;
}

function exitPart(command: RunningCommand): string {
  const signal = command.exitSignal ? ` (${command.exitSignal})` : "";
  return `${command.name} exited with code ${command.exitCode}${signal}`;
}

/**
 * The failure headline with the command peers that exited badly named first, each with its exit
 * code and the last lines of its stderr, so that "EOF after 0 of 18 expected bytes" reads as
 * what followed a crash. A headline that already names the exit gets the stderr lines.
 *
 * @param message The headline of the run's first failure.
 * @param commands The run's command peers, all ended.
 */
export function headlineWithExits(
  message: string,
  commands: readonly RunningCommand[],
  scenario: Scenario,
): string {
  const crashed = commands.filter((c) => exitedBadly(c, scenario));
  const own = crashed.find((c) => message.startsWith(`${c.name} exited`));
  if (own) return `${message}${stderrPart(own)}`;
  if (crashed.length === 0) return message;
  return `${crashed.map((c) => `${exitPart(c)}${stderrPart(c)}`).join("; ")}; then ${message}`;
}
