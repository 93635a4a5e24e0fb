/** Bounds every wait. @module */
import { TimedOut } from "./errors.ts";
import { MAX_DURATION_MS } from "../common/duration.ts";

/**
 * Resolves or rejects as `promise` does, or rejects with {@linkcode TimedOut} after `ms`. The
 * operation behind `promise` is not cancelled (Deno cannot cancel a pending read without closing
 * the socket); its late result is left to whoever holds it, and a late rejection is swallowed.
 *
 * @param ms Timeout in ms.
 * @param what Words for the message, for example `receive on client/main`.
 * @param signal Stops the wait at once when aborted, rejecting with its reason.
 * @throws {TimedOut} When `ms` passes first.
 */
export function deadline<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
  signal?: AbortSignal,
): Promise<T> {
  promise.catch(() => {});
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort = () => {};
  const timeout = new Promise<never>((_, reject) => {
    // A sum such as a scenario's timeout plus a grace can pass what a timer holds: wait the most.
    timer = setTimeout(
      () => reject(new TimedOut(`${what} timed out after ${ms} ms`)),
      Math.min(ms, MAX_DURATION_MS),
    );
    onAbort = () => reject(signal?.reason);
    if (signal?.aborted) onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
  });
  return Promise.race([promise, timeout]).finally(() => {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  });
}
