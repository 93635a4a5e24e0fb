/**
 * The step registry: every step kind by its action key. A step kind is one file here exporting
 * its definition (schema, reference doc, runner; see `_define.ts`) and one line below. The
 * scenario schema, the JSON Schema, the loader's checks and the README table derive from it.
 *
 * @module
 */
import type { Step } from "../../model/scenario.ts";
import type { PeerState } from "../peer_state.ts";
import type { RunSteps, StepDefinition } from "./_define.ts";
import { listenStep } from "./listen.ts";
import { acceptStep } from "./accept.ts";
import { connectStep } from "./connect.ts";
import { sendStep } from "./send.ts";
import { receiveStep } from "./receive.ts";
import { expectEofStep } from "./expect_eof.ts";
import { closeWriteStep } from "./close_write.ts";
import { closeStep } from "./close.ts";
import { sleepStep } from "./sleep.ts";
import { markStep } from "./mark.ts";
import { waitStep } from "./wait.ts";
import { sendToStep } from "./send_to.ts";
import { receiveFromStep } from "./receive_from.ts";
import { repeatStep } from "./repeat.ts";
import { parallelStep } from "./parallel.ts";
import { assertStep } from "./assert.ts";
import { requestStep } from "./request.ts";
import { forEachStep } from "./for_each.ts";
import { receiveSetStep } from "./receive_set.ts";
import { writeFileStep } from "./write_file.ts";
import { chmodStep } from "./chmod.ts";
import { tcpStateStep } from "./tcp_state.ts";
import { echoStep } from "./echo.ts";

export type { RunSteps, StepCall, StepDefinition, StepDoc, StepFamily } from "./_define.ts";

/** Every step kind, by its action key. */
export const STEPS = {
  listen: listenStep,
  accept: acceptStep,
  connect: connectStep,
  send: sendStep,
  receive: receiveStep,
  expect_eof: expectEofStep,
  close_write: closeWriteStep,
  close: closeStep,
  sleep: sleepStep,
  mark: markStep,
  wait: waitStep,
  send_to: sendToStep,
  receive_from: receiveFromStep,
  repeat: repeatStep,
  parallel: parallelStep,
  request: requestStep,
  assert: assertStep,
  for_each: forEachStep,
  receive_set: receiveSetStep,
  write_file: writeFileStep,
  chmod: chmodStep,
  tcp_state: tcpStateStep,
  echo: echoStep,
} as const;

/** Action keys of steps. */
export type StepKind = keyof typeof STEPS;

const BY_KIND: ReadonlyMap<string, StepDefinition> = new Map(Object.entries(STEPS));

/** Thrown for a step whose kind is not in the registry (only a hand-made `Step` can be). */
export class UnknownStepKindError extends Error {
  override name = "UnknownStepKindError";
}

/**
 * Runs one step with the runner of its kind.
 *
 * @param deadlineAt When the step times out, a `performance.now()` time in ms.
 * @param runSteps Runs the nested steps of `repeat` and `parallel`.
 * @throws {UnknownStepKindError} When `step.kind` is not a registered kind.
 */
export function runStepKind(
  step: Step,
  peer: PeerState,
  deadlineAt: number,
  runSteps: RunSteps,
): Promise<void> {
  const definition = BY_KIND.get(step.kind);
  if (definition === undefined) {
    throw new UnknownStepKindError(`unknown step kind ${JSON.stringify(step.kind)}`);
  }
  return definition.run({ step, peer, deadlineAt, runSteps });
}
