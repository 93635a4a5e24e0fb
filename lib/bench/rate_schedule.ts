/**
 * Timing math of an open-loop sender: message `i` is due at `startMs + i * 1000 / rate`, whether
 * or not earlier answers came back. Latency is measured from that intended moment, not from the
 * moment the send actually happened, so a stalled sender or peer shows up as latency instead of
 * silently lowering the rate (no "coordinated omission", after Gil Tene's HdrHistogram notes and
 * wrk2).
 *
 * @module
 */

/** A fixed send rate starting at a moment. */
export interface RateSchedule {
  /** When message 0 is due, in ms on the `performance.now()` clock. */
  startMs: number;
  /** Messages per second, > 0. */
  ratePerSecond: number;
}

/** A schedule was built with a rate that is not a positive finite number. */
export class InvalidRateError extends RangeError {
  override name = "InvalidRateError";
}

/**
 * Builds a schedule.
 *
 * @throws {InvalidRateError} if `ratePerSecond` is not a positive finite number.
 */
export function createRateSchedule(startMs: number, ratePerSecond: number): RateSchedule {
  if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) {
    throw new InvalidRateError(`Expected a positive finite rate, found ${ratePerSecond}`);
  }
  return { startMs, ratePerSecond };
}

/** When message `index` (0-based) is due, in ms. */
export function intendedSendTimeMs(schedule: RateSchedule, index: number): number {
  return schedule.startMs + (index * 1000) / schedule.ratePerSecond;
}

/**
 * How many messages are due at `nowMs`: the number of indexes whose intended time is at or
 * before `nowMs` (0 before the start).
 */
export function messagesDueBy(schedule: RateSchedule, nowMs: number): number {
  if (nowMs < schedule.startMs) return 0;
  let last = Math.floor(((nowMs - schedule.startMs) * schedule.ratePerSecond) / 1000);
  // Correct the floating-point estimate so that it agrees exactly with intendedSendTimeMs.
  while (intendedSendTimeMs(schedule, last + 1) <= nowMs) last++;
  while (last > 0 && intendedSendTimeMs(schedule, last) > nowMs) last--;
  return last + 1;
}

/** Latency of message `index` answered at `receivedMs`, from its intended send moment, in ms. */
export function latencyFromIntendedMs(
  schedule: RateSchedule,
  index: number,
  receivedMs: number,
): number {
  return receivedMs - intendedSendTimeMs(schedule, index);
}

/**
 * Rates at fractions of a measured maximum, in messages per second, rounded to whole messages
 * (at least 1).
 *
 * @throws {InvalidRateError} if a fraction is not in (0, 1] or the maximum is not positive.
 */
export function ratesAtFractions(maxPerSecond: number, fractions: readonly number[]): number[] {
  if (!(maxPerSecond > 0)) {
    throw new InvalidRateError(`Expected a positive maximum, found ${maxPerSecond}`);
  }
  return fractions.map((fraction) => {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new InvalidRateError(`Expected a fraction in (0, 1], found ${fraction}`);
    }
    return Math.max(1, Math.round(maxPerSecond * fraction));
  });
}
