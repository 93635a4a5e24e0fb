/**
 * A child sockspec process that its parent started (the run inside a kernel-fault namespace, or
 * the CLI re-executed with narrower permissions) must not outlive it, even when the parent is
 * killed with SIGKILL and can clean nothing up. The parent gives the child a pipe as standard
 * input and never writes to it; the kernel closes it when the parent dies, however it dies, and
 * the child reads end of file.
 *
 * @module
 */

/** Set in a child's environment, to the parent's pid, when its standard input is such a pipe. */
export const PARENT_ENV = "SOCKSPEC_PARENT";

/** Whether this process was started by a sockspec parent that it must not outlive. */
export function hasWatchedParent(): boolean {
  try {
    return Deno.env.get(PARENT_ENV) !== undefined;
  } catch {
    return false; // Without --allow-env for it, no parent of ours set it.
  }
}

/**
 * Calls `onGone` once when standard input reaches end of file (or fails), which for a child
 * started with {@linkcode PARENT_ENV} means its parent is gone. The pending read does not keep a
 * process alive that would otherwise exit: the CLI ends with `Deno.exit`.
 */
export function watchParent(onGone: () => void): void {
  (async () => {
    const buffer = new Uint8Array(64);
    try {
      while (await Deno.stdin.read(buffer) !== null) {
        // The parent never writes: anything read is ignored.
      }
    } catch {
      // A closed or broken standard input also means the parent is gone.
    }
    onGone();
  })();
}
