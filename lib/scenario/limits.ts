/**
 * Bounds on what a scenario may ask, checked when the file loads, so that no scenario can make the
 * runner allocate without bound or spin at full CPU until its timeout: a `repeat` of 10^12
 * rounds, a 1 TiB stream, 10^12 datagrams, a 1 TiB read buffer or a payload file that never ends
 * (`/dev/zero`). Each refusal names the cap.
 *
 * @module
 */
import { dirname, resolve } from "node:path";
import { ScenarioFileError } from "./errors.ts";
import type { SourceLocation } from "../common/location.ts";
import type { Peer, Scenario, Step } from "../model/scenario.ts";
import { formatBytes, LIMITS, payloadFileProblem } from "../model/limits.ts";

function over(location: SourceLocation, field: string, found: number, cap: string): never {
  throw new ScenarioFileError(
    location,
    field,
    `expected at most ${cap}, found ${found}: sockspec caps this so that no scenario can exhaust ` +
      `the runner's memory or run at full CPU until its timeout`,
  );
}

type Args = Record<string, unknown>;

/** [field, cap, how the cap reads] for each key of each step kind. */
const STEP_CAPS: Record<string, [string, number, string][]> = {
  send: [
    ["generate", LIMITS.streamBytes, formatBytes(LIMITS.streamBytes)],
    ["chunk", LIMITS.heldBytes, formatBytes(LIMITS.heldBytes)],
  ],
  receive: [
    ["bytes", LIMITS.streamBytes, formatBytes(LIMITS.streamBytes)],
    ["size", LIMITS.streamBytes, formatBytes(LIMITS.streamBytes)],
    ["buffer", LIMITS.heldBytes, formatBytes(LIMITS.heldBytes)],
    ["max", LIMITS.heldBytes, formatBytes(LIMITS.heldBytes)],
  ],
  send_to: [
    ["generate", LIMITS.heldBytes, formatBytes(LIMITS.heldBytes)],
    ["count", LIMITS.datagrams, `${LIMITS.datagrams} datagrams`],
  ],
  receive_from: [
    ["buffer", LIMITS.heldBytes, formatBytes(LIMITS.heldBytes)],
    ["count", LIMITS.datagrams, `${LIMITS.datagrams} datagrams`],
  ],
};

function checkStep(step: Step, rounds: number, scenario: Scenario): void {
  const args = (typeof step.args === "object" && step.args !== null ? step.args : {}) as Args;
  for (const [key, cap, reads] of STEP_CAPS[step.kind] ?? []) {
    const value = args[key];
    if (typeof value === "number" && value > cap) {
      over(step.location, `${step.kind}.${key}`, value, reads);
    }
  }
  if (step.kind === "repeat" && rounds > LIMITS.rounds) {
    over(
      step.location,
      "repeat.times",
      rounds,
      `${LIMITS.rounds} rounds (nested repeats multiply)`,
    );
  }
  if ((step.kind === "send" || step.kind === "receive") && typeof args.file === "string") {
    checkPayloadFile(step, args.file, scenario.file);
  }
}

function checkSteps(steps: Step[], rounds: number, scenario: Scenario): void {
  for (const step of steps) {
    const inner = step.kind === "repeat" ? rounds * Number((step.args as Args).times ?? 1) : rounds;
    checkStep(step, inner, scenario);
    checkSteps(step.children, inner, scenario);
    for (const branch of step.branches) checkSteps(branch, inner, scenario);
  }
}

/**
 * A payload file named without variables must be a regular file of at most the held-bytes cap
 * (a device such as /dev/zero or /dev/urandom never ends). A missing one is left to the run,
 * which says so at the step; a path with `{variables}` is checked there too.
 */
function checkPayloadFile(step: Step, file: string, scenarioFile: string): void {
  if (file.includes("{")) return;
  const path = resolve(dirname(scenarioFile), file);
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch {
    return;
  }
  const problem = payloadFileProblem(path, info);
  if (problem) throw new ScenarioFileError(step.location, `${step.kind}.file`, problem);
}

/** The largest number of bytes one step of `steps` asks to hold at once. */
function largestHeld(steps: Step[]): number {
  let most = 0;
  for (const step of steps) {
    const args = (typeof step.args === "object" && step.args !== null ? step.args : {}) as Args;
    for (const [key, cap] of STEP_CAPS[step.kind] ?? []) {
      if (cap === LIMITS.heldBytes && typeof args[key] === "number") {
        most = Math.max(most, args[key] as number);
      }
    }
    most = Math.max(most, largestHeld(step.children), ...step.branches.map(largestHeld));
  }
  return most;
}

function checkPeer(peer: Peer, scenario: Scenario): void {
  if (peer.count > LIMITS.clients) {
    over(peer.location, `${peer.name}.count`, peer.count, `${LIMITS.clients} clients`);
  }
  const crowd = peer.count * largestHeld(peer.steps);
  if (crowd > LIMITS.crowdHeldBytes) {
    over(
      peer.location,
      `${peer.name}.count`,
      crowd,
      `${formatBytes(LIMITS.crowdHeldBytes)} held at once by a peer's clients (count times ` +
        `the largest buffer, chunk, max or datagram of its steps)`,
    );
  }
  const size = (peer.doc as { size?: unknown }).size;
  if (typeof size === "number" && size > LIMITS.streamBytes) {
    over(peer.location, `${peer.name}.size`, size, formatBytes(LIMITS.streamBytes));
  }
  checkSteps(peer.steps, 1, scenario);
}

/**
 * Throws a {@linkcode ScenarioFileError} at the first value above its cap in {@linkcode LIMITS}.
 */
export function checkLimits(scenario: Scenario): void {
  for (const peer of scenario.peers) checkPeer(peer, scenario);
}
