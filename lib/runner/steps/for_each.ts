/** `for_each`: run steps once for each value of a list. @module */
import { z } from "../../_deps/zod.ts";
import { defineStep } from "./_define.ts";

/**
 * Runs the child steps once per value, in order, with the value in the variable named by `as`
 * (`{value}` by default) and its index in `{index}`. Sizes that take a `{variable}` (such as
 * `send_to.generate`, `receive_from.bytes`) read it when each round runs.
 */
export const forEachStep = defineStep({
  schema: (step: z.ZodType) =>
    z.strictObject({
      values: z.array(z.union([z.string(), z.number()])).min(1).max(100_000).meta({
        description: "The values, in order",
      }),
      as: z.string().regex(
        /^[A-Za-z_]\w*$/,
        "expected a variable name: a letter, then letters, digits or _",
      )
        .optional().meta({ description: 'Variable holding the value ("value")' }),
      steps: z.array(step).min(1),
    }),
  doc: [
    [
      "`for_each: {values: [16, 512, 65507], as: size, steps}`",
      "run steps once per value, the value in `{size}` (default `{value}`), its index in `{index}`",
    ],
  ],
  async run(args, { step, peer, runSteps }) {
    for (const [index, value] of args.values.entries()) {
      peer.locals.set(args.as ?? "value", value);
      peer.locals.set("index", index);
      await runSteps(step.children, peer);
    }
  },
});
