/** Signals a process and every process it started. @internal @module */

/** Parent pid of every process, read from /proc (Linux). */
function parentPids(): Map<number, number> {
  const parents = new Map<number, number>();
  const pids = [...Deno.readDirSync("/proc")].map((e) => e.name).filter((n) => /^\d+$/.test(n));
  for (const name of pids) {
    try {
      const stat = Deno.readTextFileSync(`/proc/${name}/stat`);
      // Field 4 is the parent pid; field 2, the command, is in parentheses and may hold spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(name), ppid);
    } catch {
      // The process ended while we looked.
    }
  }
  return parents;
}

/**
 * Pids of `pid`'s descendants (children, their children, ...), from /proc. A server that forks
 * a child per connection (socat fork, inetd-style servers) leaves those children running when
 * only its own pid is signalled; they also hold its stdout open.
 */
export function descendants(pid: number): number[] {
  let parents: Map<number, number>;
  try {
    parents = parentPids();
  } catch {
    return []; // No /proc (or no permission to read it): only the process itself is signalled.
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
