/**
 * The shape of a step kind: its schema, its reference doc and its runner, in one definition.
 *
 * @internal
 * @module
 */
import { z } from "../../_deps/zod.ts";
import type { Step } from "../../model/scenario.ts";
import type { PeerState } from "../peer_state.ts";

/** Runs a list of steps in order for one peer: what `repeat` and `parallel` call. */
export type RunSteps = (steps: Step[], peer: PeerState) => Promise<void>;

/** What a step runner gets beside its arguments. */
export interface StepCall {
  /** The step, with its modifiers (`socket`, `timeoutMs`, ...) and nested steps. */
  step: Step;
  /** The peer instance that runs it. */
  peer: PeerState;
  /** When the step times out, a `performance.now()` time in ms. */
  deadlineAt: number;
  /** Runs nested steps (passed in, so that steps do not import the step loop). */
  runSteps: RunSteps;
}

/** Rows of the README step table: the step as written, and what it does. */
export type StepDoc = readonly (readonly [usage: string, does: string])[];

/** Which transports a step fits: streams (tcp, unix), datagrams (udp, unixgram) or both. */
export type StepFamily = "stream" | "datagram" | "any";

/** A step kind as the registry holds it. */
export interface StepDefinition<S extends z.ZodType = z.ZodType> {
  /**
   * The schema of the step's arguments. `step` is the schema of one nested step, for the kinds
   * that hold steps (`repeat`, `parallel`); the others ignore it.
   */
  schema(step: z.ZodType): S;
  /** Whether the step holds steps, so that its schema refers to the step schema. */
  nested: boolean;
  /** Rows of the README step table. */
  doc: StepDoc;
  /** Which transports the step fits; the loader refuses it on the others. */
  family: StepFamily;
  /** Runs the step. Throws on failure; the caller handles `expect_error` and its recording. */
  run(call: StepCall): Promise<void>;
}

/**
 * Defines a step kind from its schema and a runner whose `args` are that schema's output.
 *
 * The runner never sees `Step.args` as written: the definition parses it with `schema` the first
 * time a step object runs and keeps the result for later runs of that step (rounds of a
 * `repeat`, instances of a client with `count`). The loader validated the same arguments with
 * the same schema, so the parse does not fail for a loaded scenario; for a hand-made `Step` it
 * throws the schema's error.
 */
export function defineStep<S extends z.ZodType>(definition: {
  schema: S | ((step: z.ZodType) => S);
  doc: StepDoc;
  family?: StepFamily;
  run(args: z.output<S>, call: StepCall): Promise<void>;
}): StepDefinition<S> {
  const schema = (step: z.ZodType): S =>
    definition.schema instanceof z.ZodType ? definition.schema : definition.schema(step);
  // Nested steps are normalised into Step.children and Step.branches: the runner needs only
  // the other arguments, so they are not validated twice.
  const runtime = schema(z.unknown());
  const parsed = new WeakMap<Step, { args: z.output<S> }>();
  return {
    schema,
    nested: !(definition.schema instanceof z.ZodType),
    doc: definition.doc,
    family: definition.family ?? "any",
    run(call) {
      let entry = parsed.get(call.step);
      if (entry === undefined) {
        entry = { args: runtime.parse(call.step.args) };
        parsed.set(call.step, entry);
      }
      return definition.run(entry.args, call);
    },
  };
}

/** Milliseconds left before `deadlineAt` (a `performance.now()` time), at least 1. */
export function remainingMs(deadlineAt: number): number {
  return Math.max(1, Math.round(deadlineAt - performance.now()));
}
