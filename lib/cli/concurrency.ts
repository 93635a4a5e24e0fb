/** How many scenario runs this machine can serve at once. @module */

/**
 * Scenario runs a core serves at once. Measured on 2 cores shared with other work (load 11): 8 at
 * once pass the shipped suite, 16 fail 4 or 5 runs whose timeouts or idle windows the CPU cannot
 * keep (a datagram flow's pauses, a relay's hold time, a server's readiness).
 */
export const RUNS_PER_CORE = 4;

/** The concurrency to use, and a note for the user when it is lower than asked. */
export interface ServableConcurrency {
  concurrency: number;
  note?: string;
}

/**
 * Caps `requested` at {@linkcode RUNS_PER_CORE} runs a core, so that a high `--concurrency`
 * slows the suite down instead of failing runs that the CPU could not serve in time.
 *
 * @param cores Logical CPUs (`navigator.hardwareConcurrency` by default).
 */
export function servableConcurrency(
  requested: number,
  cores = navigator.hardwareConcurrency,
): ServableConcurrency {
  const most = RUNS_PER_CORE * Math.max(1, cores);
  if (requested <= most) return { concurrency: requested };
  return {
    concurrency: most,
    note: `--concurrency ${requested} is more than this machine's ${cores} cores can serve ` +
      `(${RUNS_PER_CORE} runs a core): running ${most} at once, so that no run fails for want of CPU`,
  };
}
