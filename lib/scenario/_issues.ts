/**
 * Turns schema issues into one precise problem: the field and what was expected. Unions are
 * resolved to the branch the author meant (the step named by its key), so that an error inside a
 * `send` step talks about `send`, not about every other step kind.
 *
 * @internal
 * @module
 */
import type { z } from "../_deps/zod.ts";
import { STEP_SCHEMAS } from "./step_schema.ts";
import { DATAGRAM_FAULTS } from "../fault/datagram/mod.ts";
import { STREAM_FAULTS } from "../fault/stream/mod.ts";

/** The problem of one issue, with the path it belongs to. */
export interface Problem {
  path: PropertyKey[];
  message: string;
  /** An unknown key to point at, for unrecognized_keys. */
  unknownKey?: string;
}

type Issue = z.core.$ZodIssue;
const STEP_KINDS = Object.keys(STEP_SCHEMAS);
const FAULT_KINDS = [...Object.keys(STREAM_FAULTS), ...Object.keys(DATAGRAM_FAULTS)];

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  if (typeof value === "string") return `the text ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

function isStepPath(path: readonly PropertyKey[]): boolean {
  return path.length >= 2 && typeof path.at(-1) === "number" && path.at(-2) === "steps";
}

function stepProblem(value: unknown, path: PropertyKey[]): Problem | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return {
      path,
      message: `expected a step: a map such as { send: "hello" }, found ${describe(value)}`,
    };
  }
  const actions = Object.keys(value).filter((key) => STEP_KINDS.includes(key));
  if (actions.length === 0) {
    const key = Object.keys(value)[0];
    return {
      path,
      unknownKey: key,
      message: `unknown step ${JSON.stringify(key ?? "")}: expected one of ${
        STEP_KINDS.join(", ")
      }`,
    };
  }
  if (actions.length > 1) {
    return {
      path,
      message: `a step has one action, found ${actions.join(" and ")}: split it into two steps`,
    };
  }
  return undefined;
}

/** Branches whose issues show the input was of another kind altogether. */
function isTypeMismatch(issues: readonly Issue[]): boolean {
  return issues.some((issue) =>
    issue.path.length === 0 && (issue.code === "invalid_type" || issue.code === "invalid_value")
  );
}

function bestBranch(branches: readonly (readonly Issue[])[], value: unknown): readonly Issue[] {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const keys = Object.keys(value);
    // A branch that knows every key the author wrote is the one they meant.
    const known = branches.filter((issues) =>
      !issues.some((i) => i.path.length === 0 && i.code === "unrecognized_keys") &&
      !isTypeMismatch(issues)
    );
    if (known.length > 0 && keys.length > 0) return known[0];
  }
  const matching = branches.filter((issues) => !isTypeMismatch(issues));
  if (matching.length === 1) return matching[0];
  return [];
}

function unionExpectation(branches: readonly (readonly Issue[])[]): string {
  const options = branches.map((issues) => {
    const root = issues.find((i) => i.path.length === 0);
    if (root?.code === "invalid_value") return root.values.map((v) => JSON.stringify(v)).join(", ");
    if (root?.code === "invalid_type") return root.expected;
    // An object branch: name it by its first field.
    const field = issues.find((i) => i.path.length === 1);
    return field ? `{ ${String(field.path[0])}: ... }` : "another form";
  });
  return [...new Set(options)].join(" or ");
}

/**
 * Explains the first issue of a failed validation of `root`.
 */
export function explain(issue: Issue, root: unknown, base: PropertyKey[] = []): Problem {
  const path = [...base, ...issue.path];
  const value = valueAt(root, path);
  if (issue.code === "invalid_union") {
    if (isStepPath(path)) {
      const problem = stepProblem(value, path);
      if (problem) return problem;
    }
    const branch = bestBranch(issue.errors, value);
    if (branch.length > 0) return explain(branch[0], root, path);
    const expected = unionExpectation(issue.errors);
    if (value === undefined) return { path, message: `missing: expected ${expected}` };
    return { path, message: `expected ${expected}, found ${describe(value)}` };
  }
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0];
    if (path.length === 2 && path[0] === "faults") {
      return {
        path,
        unknownKey: key,
        message: `unknown fault ${JSON.stringify(key)}: expected one of ${FAULT_KINDS.join(", ")}`,
      };
    }
    return { path, unknownKey: key, message: `unknown field ${JSON.stringify(key)}` };
  }
  // Bounds without a message of the schema's own get one that says what was found.
  const bounded = issue.code === "too_small" || issue.code === "too_big";
  if (bounded && /^Too (small|big)/.test(issue.message)) {
    const bound = Number(issue.code === "too_small" ? issue.minimum : issue.maximum);
    const word = issue.code === "too_small" ? "at least" : "at most";
    const noun = issue.origin === "array" ? " item" : issue.origin === "string" ? " character" : "";
    const unit = noun && bound !== 1 ? `${noun}s` : noun;
    return { path, message: `expected ${word} ${bound}${unit}, found ${describe(value)}` };
  }
  if (issue.code === "invalid_key" && path[0] === "peers") {
    return {
      path,
      message: `expected a peer name: a letter, then letters, digits, - or _; found ${
        JSON.stringify(String(path.at(-1)))
      }`,
    };
  }
  if (issue.code === "invalid_type") {
    if (value === undefined) return { path, message: `missing: expected ${issue.expected}` };
    return { path, message: `expected ${issue.expected}, found ${describe(value)}` };
  }
  if (issue.code === "invalid_value") {
    const values = issue.values.map((v) => JSON.stringify(v)).join(", ");
    return { path, message: `expected one of ${values}, found ${describe(value)}` };
  }
  return { path, message: issue.message };
}
