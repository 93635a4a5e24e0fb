/**
 * The check registry. A counted check is one file here made with `countedCheck` (its name, the
 * key of its limit if it has one, and what it counts) plus one line in {@linkcode CHECKS}; the
 * `check:` schema and `evaluateChecks` derive from it.
 *
 * @module
 */
import type { CountedCheck } from "./_types.ts";
import { ordered } from "./ordered.ts";
import { lossless } from "./lossless.ts";
import { noDuplicates } from "./no_duplicates.ts";
import { intact } from "./intact.ts";
import { boundaries } from "./boundaries.ts";

/** Counted checks by name, in the order error messages list them. */
export const CHECKS: Readonly<Record<string, CountedCheck>> = {
  ordered,
  lossless,
  no_duplicates: noDuplicates,
  intact,
  boundaries,
};

/** The counted check each limit key belongs to: `max_loss` -> `lossless`. */
export const CHECK_OF_LIMIT: ReadonlyMap<string, CountedCheck> = new Map(
  Object.values(CHECKS).flatMap((check) =>
    check.limitKey === undefined ? [] : [[check.limitKey, check] as const]
  ),
);
