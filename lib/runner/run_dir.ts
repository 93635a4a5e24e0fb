/**
 * The temporary folder of each scenario run, where its Unix socket paths and `{tmp}` files go.
 *
 * A Unix socket path holds at most 107 bytes (sun_path is 108 with its NUL), so the folder must
 * be short whatever TMPDIR is: it goes under TMPDIR when the longest path sockspec makes in it
 * fits, else under /tmp (see `lib/transport/socket_dir.ts`). Its name, `sockspec-<pid>-<hex>`, says which process made it, so that
 * a later run can remove the folders of a process that was killed before it could.
 *
 * @module
 */
import { join } from "node:path";
import { makeSocketDir, socketDirBase, socketDirBases } from "../transport/socket_dir.ts";

/** Prefix of every run folder. */
export const RUN_DIR_PREFIX = "sockspec-";

/**
 * Bytes a run folder needs below it for the longest socket path sockspec makes there: a peer
 * label of up to 24 bytes, a counter and `.sock.rx` (Unix datagram endpoints), or the relay's
 * `relay-<16 hex>/client-NNNNN.sock.rx`; the slash before them included.
 */
const SOCKET_NAME_ROOM_BYTES = 45;

function prefix(): string {
  return `${RUN_DIR_PREFIX}${Deno.pid}-`;
}

/** Bytes below the base: `sockspec-<pid>-<6 hex>` and the socket names. */
function room(): number {
  return prefix().length + 6 + 1 + SOCKET_NAME_ROOM_BYTES;
}

/**
 * The folder run folders go in: TMPDIR when socket paths under it fit, else /tmp.
 *
 * @throws {SocketPathTooLong} When neither is short enough (TMPDIR too long and no /tmp).
 */
export function runDirBase(): string {
  return socketDirBase(room());
}

/** The folders that runs write in: TMPDIR, and /tmp when socket paths go there instead. */
export function runDirBases(): string[] {
  return socketDirBases(room());
}

/**
 * Makes a fresh run folder `<base>/sockspec-<pid>-<hex>`, readable by its owner only.
 *
 * @throws {SocketPathTooLong} See {@linkcode runDirBase}.
 */
export function makeRunDir(): Promise<string> {
  return makeSocketDir({ prefix: prefix(), roomBytes: SOCKET_NAME_ROOM_BYTES });
}

/**
 * Whether a process runs, by `kill -0` (sends no signal): Deno reads /proc only with
 * --allow-all and has no signal 0, and --allow-run is granted wherever commands run.
 */
async function processAlive(pid: number): Promise<boolean> {
  const { code } = await new Deno.Command("sh", {
    args: ["-c", `kill -0 ${Math.trunc(pid)} 2>/dev/null`],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).output();
  return code === 0;
}

/**
 * Removes the run folders in TMPDIR and /tmp that this user's sockspec processes made and left
 * behind when they were killed: a folder counts as such when its name is
 * `sockspec-<pid>-<6 hex>`, it belongs to this user, and no process `<pid>` runs. Does nothing
 * without the permissions to find out (--allow-run for `kill -0`).
 *
 * @returns The folders removed.
 */
export async function removeStaleRunDirs(): Promise<string[]> {
  const removed: string[] = [];
  const uid = Deno.uid();
  for (const base of new Set([...runDirBases(), "/tmp"])) {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(base));
    } catch {
      continue; // a base we may not read: nothing of ours is there
    }
    for (const entry of entries) {
      const match = /^sockspec-(\d+)-[0-9a-f]{6}$/.exec(entry.name);
      if (!match || !entry.isDirectory || Number(match[1]) === Deno.pid) continue;
      const dir = join(base, entry.name);
      try {
        if ((await Deno.lstat(dir)).uid !== uid) continue;
        if (await processAlive(Number(match[1]))) continue;
        await Deno.remove(dir, { recursive: true });
        removed.push(dir);
      } catch {
        // Removed by another run meanwhile, or not ours to remove: leave it.
      }
    }
  }
  return removed;
}
