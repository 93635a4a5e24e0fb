/** `assert`: compare values such as captured addresses. @module */
import type { StepRunner } from "./_types.ts";
import { StepFailure } from "../errors.ts";
import { runtimeRegex } from "./_regex.ts";

interface AssertArgs {
  equal?: [string, string];
  not_equal?: [string, string];
  match?: [string, string];
  between?: [string | number, number, number];
}

/** Fails unless the comparison holds, after expanding `{variables}`. */
export const assert: StepRunner = (step, peer) => {
  const args = step.args as AssertArgs;
  const x = (text: string | number) => peer.expand(String(text));
  if (args.equal && x(args.equal[0]) !== x(args.equal[1])) {
    throw new StepFailure(
      `expected ${JSON.stringify(x(args.equal[0]))} to equal ${JSON.stringify(x(args.equal[1]))}`,
    );
  }
  if (args.not_equal && x(args.not_equal[0]) === x(args.not_equal[1])) {
    throw new StepFailure(
      `expected two different values, both are ${JSON.stringify(x(args.not_equal[0]))}`,
    );
  }
  if (args.match && !runtimeRegex(x(args.match[1])).test(x(args.match[0]))) {
    throw new StepFailure(
      `expected ${JSON.stringify(x(args.match[0]))} to match /${x(args.match[1])}/`,
    );
  }
  if (args.between) {
    const value = Number(x(args.between[0]));
    const [, low, high] = args.between;
    if (!(value >= low && value <= high)) {
      throw new StepFailure(
        `expected a number from ${low} to ${high}, found ${x(args.between[0])}`,
      );
    }
  }
  return Promise.resolve();
};
