/** Marks and waits between peers. @module */
import { deadline } from "./deadline.ts";

/** Named marks that peers set and wait for. */
export class Barriers {
  readonly #marked = new Set<string>();
  readonly #waiters = new Map<string, (() => void)[]>();

  /** Sets a mark and wakes every peer waiting for it. */
  mark(name: string): void {
    this.#marked.add(name);
    for (const wake of this.#waiters.get(name) ?? []) wake();
    this.#waiters.delete(name);
  }

  /** Whether `name` has been marked. */
  isMarked(name: string): boolean {
    return this.#marked.has(name);
  }

  /**
   * Waits until `name` is marked.
   *
   * @param timeoutMs How long to wait, in ms.
   * @param signal Stops the wait when the run is stopped (another peer failed).
   * @throws {import("./errors.ts").TimedOut} When the mark is not set in time.
   */
  wait(name: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.#marked.has(name)) return Promise.resolve();
    const marked = new Promise<void>((resolve) => {
      const list = this.#waiters.get(name) ?? [];
      list.push(resolve);
      this.#waiters.set(name, list);
    });
    return deadline(marked, timeoutMs, `wait for mark ${JSON.stringify(name)}`, signal);
  }
}
