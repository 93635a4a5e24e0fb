/** `assert`: compare values such as captured addresses. @module */
import { defineStep } from "./_define.ts";
import { conditionSchema, unmet } from "./_condition.ts";
import { StepFailure } from "../errors.ts";

/** Fails unless the condition holds, after expanding `{variables}`. */
export const assertStep = defineStep({
  schema: conditionSchema,
  doc: [
    [
      "`assert: {equal: [a, b]}`",
      "also `not_equal`, `match: [text, regex]`, `between: [value, min, max]`, `marked: [marks]`",
    ],
  ],
  run(args, { peer }) {
    const why = unmet(args, peer);
    if (why !== undefined) throw new StepFailure(why);
    return Promise.resolve();
  },
});
