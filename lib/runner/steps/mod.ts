/**
 * The step runners, by action key. A new step kind is its schema in
 * `lib/scenario/step_schema.ts`, its runner in a file here, and one line below.
 *
 * @module
 */
import type { StepKind } from "../../scenario/step_schema.ts";
import type { RunSteps, StepRunner } from "./_types.ts";
import type { StepOf } from "../../scenario/model.ts";
import type { PeerState } from "../peer_state.ts";
import { listen } from "./listen.ts";
import { accept } from "./accept.ts";
import { connect } from "./connect.ts";
import { send } from "./send.ts";
import { receive } from "./receive.ts";
import { expectEof } from "./expect_eof.ts";
import { closeWrite } from "./close_write.ts";
import { close } from "./close.ts";
import { sleep } from "./sleep.ts";
import { mark } from "./mark.ts";
import { wait } from "./wait.ts";
import { sendTo } from "./send_to.ts";
import { receiveFrom } from "./receive_from.ts";
import { repeat } from "./repeat.ts";
import { parallel } from "./parallel.ts";
import { assert } from "./assert.ts";

export type { RunSteps, StepRunner } from "./_types.ts";

/** The runner of each step kind, typed by the kind's schema. */
export const STEP_RUNNERS: { [K in StepKind]: StepRunner<K> } = {
  listen,
  accept,
  connect,
  send,
  receive,
  expect_eof: expectEof,
  close_write: closeWrite,
  close,
  sleep,
  mark,
  wait,
  send_to: sendTo,
  receive_from: receiveFrom,
  repeat,
  parallel,
  assert,
};

/**
 * Runs one step with the runner of its kind.
 *
 * @param deadlineAt When the step times out, a `performance.now()` time in ms.
 * @param runSteps Runs the nested steps of `repeat` and `parallel`.
 */
export function runStepKind<K extends StepKind>(
  step: StepOf<K>,
  peer: PeerState,
  deadlineAt: number,
  runSteps: RunSteps,
): Promise<void> {
  return STEP_RUNNERS[step.kind](step, peer, deadlineAt, runSteps);
}
