/** A clock shared by the main thread and workers. @module */

/**
 * Milliseconds since the Unix epoch with sub-µs resolution: `performance.timeOrigin +
 * performance.now()`. Each worker has its own `performance.now()` origin; this sum is comparable
 * across threads.
 */
export function sharedNowMs(): number {
  return performance.timeOrigin + performance.now();
}
