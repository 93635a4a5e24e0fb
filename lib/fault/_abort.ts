/**
 * Abortable waits, in-order async calls, and the signal that a connection was torn down.
 *
 * @internal
 * @module
 */

/** Thrown inside a connection's pumps and faults once the connection has been torn down. */
export class ConnectionAbortedSignal extends Error {
  override name = "ConnectionAbortedSignal";
}

/**
 * Waits `ms`, clearing the timer if `signal` aborts first.
 *
 * @throws {ConnectionAbortedSignal} when the signal aborts before the time is up.
 */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(new ConnectionAbortedSignal("aborted"));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ConnectionAbortedSignal("aborted"));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Runs async calls one after the other, in the order they were made. */
export class Serial {
  #tail: Promise<unknown> = Promise.resolve();

  /** Runs `fn` after every call made before; resolves or rejects with its result. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn);
    this.#tail = result.catch(() => {});
    return result;
  }
}
