/** Errors of a scenario run. @module */

/** A step did not get what it expected. Carries the bytes for the report's diff. */
export class StepFailure extends Error {
  override name = "StepFailure";
  /** Bytes the step expected. */
  readonly expected?: Uint8Array;
  /** Bytes that arrived (their start, when `receivedBytes` says more came). */
  readonly received?: Uint8Array;
  /** How many bytes arrived in all, when `received` holds only the first of them. */
  readonly receivedBytes?: number;
  /**
   * What the step's connection shows about the failure (how an echo's replies differ from what
   * was sent), said at the end of the headline.
   */
  note?: string;

  constructor(
    message: string,
    bytes: { expected?: Uint8Array; received?: Uint8Array; receivedBytes?: number } = {},
  ) {
    super(message);
    this.expected = bytes.expected;
    this.received = bytes.received;
    this.receivedBytes = bytes.receivedBytes;
  }
}

/**
 * A step or the scenario ran past its timeout. Matches `expect_error: TimedOut`. Carries the
 * bytes that did arrive, when a receive timed out.
 */
export class TimedOut extends StepFailure {
  override name = "TimedOut";
}

/**
 * EOF came before the bytes a step expected. Matches `expect_error: UnexpectedEof`. Carries what
 * did arrive.
 */
export class UnexpectedEof extends StepFailure {
  override name = "UnexpectedEof";
}

/** The scenario was stopped (another peer failed, or its timeout passed). */
export class Aborted extends Error {
  override name = "Aborted";
}

/** The whole run was stopped by a signal (SIGINT, SIGTERM, SIGHUP): the scenario has no verdict. */
export class Interrupted extends Error {
  override name = "Interrupted";
}
