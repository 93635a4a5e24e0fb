/** Verdicts: the outcome of one check. @module */

/** The verdict of one check, for example `ordered` or `max_loss`. */
export interface CheckVerdict {
  /** The check's name as the scenario writes it (`lossless`, `latency`). */
  name: string;
  /** Whether the check held. */
  ok: boolean;
  /** One line saying what was found, for example `1048576 of 1048576 bytes in order`. */
  detail: string;
}
