/**
 * Conditions on variables and marks: what `assert` checks and `repeat: {until}` waits for.
 *
 * @internal
 * @module
 */
import { z } from "../../_deps/zod.ts";
import { exactlyOne } from "./_schema_parts.ts";
import type { PeerState } from "../peer_state.ts";
import { regexField } from "../../common/fields.ts";
import { runtimeRegex } from "./_regex.ts";

const FORMS = ["equal", "not_equal", "match", "between", "marked"];

/** One comparison of `{variables}`, or marks that must be set. */
export const conditionSchema = z.strictObject({
  equal: z.tuple([z.string(), z.string()]).optional(),
  not_equal: z.tuple([z.string(), z.string()]).optional(),
  match: z.tuple([z.string(), regexField]).optional(),
  between: z.tuple([z.union([z.string(), z.number()]), z.number(), z.number()]).optional(),
  marked: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional().meta({
    description: "Marks (mark: steps of any peer) that must all be set",
  }),
}).refine(exactlyOne(FORMS), { message: `expected exactly one of ${FORMS.join(", ")}` })
  // The same rule for the JSON Schema, which cannot see a refine.
  .meta({ oneOf: FORMS.map((form) => ({ required: [form] })) });

/** A condition as the schema gives it. */
export type Condition = z.output<typeof conditionSchema>;

/**
 * Why `condition` does not hold now, or undefined when it holds. `{variables}` are expanded
 * first.
 */
export function unmet(condition: Condition, peer: PeerState): string | undefined {
  const x = (text: string | number) => peer.expand(String(text));
  const { equal, not_equal: notEqual, match, between, marked } = condition;
  if (equal && x(equal[0]) !== x(equal[1])) {
    const [a, b] = [x(equal[0]), x(equal[1])];
    const caseOnly = a.toLowerCase() === b.toLowerCase()
      ? ": the same letters in another case"
      : "";
    return `expected ${JSON.stringify(a)} to equal ${JSON.stringify(b)}${caseOnly}`;
  }
  if (notEqual && x(notEqual[0]) === x(notEqual[1])) {
    return `expected two different values, both are ${JSON.stringify(x(notEqual[0]))}`;
  }
  if (match && !runtimeRegex(x(match[1])).test(x(match[0]))) {
    return `expected ${JSON.stringify(x(match[0]))} to match /${x(match[1])}/`;
  }
  if (between) {
    const value = Number(x(between[0]));
    const [, low, high] = between;
    if (!(value >= low && value <= high)) {
      return `expected a number from ${low} to ${high}, found ${x(between[0])}`;
    }
  }
  if (marked) {
    const missing = [marked].flat().filter((name) => !peer.ctx.barriers.isMarked(name));
    if (missing.length > 0) return `expected marks ${missing.join(", ")} to be set`;
  }
  return undefined;
}
