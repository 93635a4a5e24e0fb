/**
 * The step runners, by action key. A new step kind is its schema in
 * `lib/scenario/step_schema.ts`, its runner in a file here, and one line below.
 *
 * @module
 */
import type { StepKind } from "../../scenario/step_schema.ts";
import type { StepRunner } from "./_types.ts";
import { listen } from "./listen.ts";
import { accept } from "./accept.ts";
import { connect } from "./connect.ts";
import { send } from "./send.ts";
import { receive } from "./receive.ts";
import { close, closeWrite, expectEof } from "./connection.ts";
import { mark, sleep, wait } from "./flow.ts";
import { sendTo } from "./send_to.ts";
import { receiveFrom } from "./receive_from.ts";
import { repeat } from "./repeat.ts";
import { parallel } from "./parallel.ts";
import { assert } from "./assert.ts";
import { echo } from "./echo.ts";

export type { StepRunner } from "./_types.ts";

/** Runner of each step kind. */
export const STEP_RUNNERS: Record<StepKind, StepRunner> = {
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
  echo,
};
