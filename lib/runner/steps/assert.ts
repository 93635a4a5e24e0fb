/** `assert`: compare values such as captured addresses. @module */
import { z } from "../../_deps/zod.ts";
import { defineStep } from "./_define.ts";
import { exactlyOne } from "./_schema_parts.ts";
import { StepFailure } from "../errors.ts";

/** Fails unless the comparison holds, after expanding `{variables}`. */
export const assertStep = defineStep({
  schema: z.strictObject({
    equal: z.tuple([z.string(), z.string()]).optional(),
    not_equal: z.tuple([z.string(), z.string()]).optional(),
    match: z.tuple([z.string(), z.string()]).optional(),
    between: z.tuple([z.union([z.string(), z.number()]), z.number(), z.number()]).optional(),
  }).refine(exactlyOne(["equal", "not_equal", "match", "between"]), {
    message: "expected exactly one of equal, not_equal, match, between",
  }),
  doc: [
    [
      "`assert: {equal: [a, b]}`",
      "also `not_equal`, `match: [text, regex]`, `between: [value, min, max]`",
    ],
  ],
  run(args, { peer }) {
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
    if (args.match && !new RegExp(x(args.match[1])).test(x(args.match[0]))) {
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
  },
});
