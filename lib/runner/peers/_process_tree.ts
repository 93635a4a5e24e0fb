/** Signals a process and every process it started. @internal @module */

/**
 * Parent pid of every process, from `ps -A -o pid=,ppid=` (Deno reads /proc only with
 * --allow-all, while starting `ps` needs only the --allow-run that command peers need anyway).
 */
function parentPids(): Map<number, number> {
  const listing = new Deno.Command("ps", { args: ["-A", "-o", "pid=,ppid="] }).outputSync();
  const parents = new Map<number, number>();
  for (const line of new TextDecoder().decode(listing.stdout).split("\n")) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (pid) parents.set(pid, ppid);
  }
  return parents;
}

/**
 * Pids of `pid`'s descendants (children, their children, ...). A server that forks
 * a child per connection (socat fork, inetd-style servers) leaves those children running when
 * only its own pid is signalled; they also hold its stdout open.
 */
export function descendants(pid: number): number[] {
  let parents: Map<number, number>;
  try {
    parents = parentPids();
  } catch {
    return []; // No ps (or no permission to run it): the process group is signalled alone.
  }
  const found: number[] = [];
  let frontier = [pid];
  while (frontier.length > 0) {
    const next = [...parents].filter(([, ppid]) => frontier.includes(ppid)).map(([child]) => child);
    found.push(...next);
    frontier = next;
  }
  return found;
}

/** Sends `signal` to each pid, ignoring those already gone. */
export function signalAll(pids: number[], signal: Deno.Signal): void {
  for (const pid of pids) {
    try {
      Deno.kill(pid, signal);
    } catch {
      // Already exited.
    }
  }
}

/** Where `setsid` is, if this machine has it (util-linux): commands then get their own group. */
export const SETSID = ["/usr/bin/setsid", "/bin/setsid"].find((path) => {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
});

/**
 * Signals a command started under {@linkcode SETSID} through its process group (kill(2) with a
 * negative pid), which reaches children that were reparented after their parent exited, and
 * also signals the descendants found in /proc (for commands without a group of their own).
 */
export function signalFamily(pid: number, signal: Deno.Signal): void {
  if (SETSID) signalAll([-pid], signal);
  signalAll([pid, ...descendants(pid)], signal);
}
