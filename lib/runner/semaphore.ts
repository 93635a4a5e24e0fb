/** A counting semaphore: at most N holders at once, the others wait in order. @module */

/** Limits how many operations run at once; waiters are served first come, first served. */
export class Semaphore {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  /** @param slots Holders at once (at least 1). */
  constructor(slots: number) {
    this.#free = Math.max(1, slots);
  }

  /** Waits for a slot; call the returned function to give it back (once). */
  async acquire(): Promise<() => void> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    };
  }
}
