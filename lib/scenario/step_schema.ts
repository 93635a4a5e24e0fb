/**
 * The steps of scripted peers, as the scenario schema sees them. Each step is a map with one
 * action key (`send`, `receive`, ...) and optional modifiers (`conn`, `timeout`,
 * `expect_error`). The action schemas come from the step registry (`lib/runner/steps/mod.ts`):
 * a new step kind is one file there and one registry line, not an edit here.
 *
 * @module
 */
import { z } from "../_deps/zod.ts";
import { durationField, errorField } from "../common/fields.ts";
import { STEPS } from "../runner/steps/mod.ts";

export type { StepKind } from "../runner/steps/mod.ts";

/** Keys any step may carry beside its action. */
export const stepModifiers = {
  conn: z.string().optional().meta({ description: 'Connection label ("main")' }),
  timeout: durationField.optional().meta({ description: "This step's timeout" }),
  expect_error: errorField.optional().meta({ description: "The step must fail with this error" }),
};

/** Schema of each step kind's arguments, by action key; steps that hold steps refer back lazily. */
export const STEP_SCHEMAS: Readonly<Record<string, z.ZodType>> = Object.fromEntries(
  Object.entries(STEPS).map(([key, definition]) => [
    key,
    definition.nested ? z.lazy(() => definition.schema(stepSchema)) : definition.schema(z.never()),
  ]),
);

/** One step: one action key plus modifiers. */
export const stepSchema: z.ZodType = z.union(
  Object.entries(STEP_SCHEMAS).map(([key, schema]) =>
    z.strictObject({ [key]: schema, ...stepModifiers })
  ) as unknown as [z.ZodType, z.ZodType],
);
