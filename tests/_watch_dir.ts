/**
 * Waiting for a folder's entries to change, for tests of runs in other processes.
 *
 * @module
 */

/**
 * Resolves once the names in `dir` satisfy `holds`, watching the folder (no poll); rejects after
 * `ms` with "expected WHAT in DIR within MS ms".
 */
export async function untilEntries(
  dir: string,
  holds: (names: string[]) => boolean,
  ms: number,
  what: string,
): Promise<void> {
  // Watched before the first look, so that an entry made in between is not missed.
  const watcher = Deno.watchFs(dir, { recursive: false });
  const timer = setTimeout(() => watcher.close(), ms);
  const present = async () =>
    holds((await Array.fromAsync(Deno.readDir(dir))).map((entry) => entry.name));
  try {
    if (await present()) return;
    for await (const _ of watcher) if (await present()) return;
    throw new Error(`expected ${what} in ${dir} within ${ms} ms`);
  } finally {
    clearTimeout(timer);
    try {
      watcher.close();
    } catch {
      // Closed by the timer.
    }
  }
}
