/** A bounded wait. @module */

/** A wait took longer than its bound. */
export class BenchTimeoutError extends Error {
  override name = "BenchTimeoutError";
}

/**
 * Resolves like `promise`, or rejects with {@linkcode BenchTimeoutError} after `timeoutMs`.
 * The timer is cleared either way; the promise itself is not cancelled.
 */
export async function withTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new BenchTimeoutError(`Expected ${what} within ${timeoutMs} ms, it did not come`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
