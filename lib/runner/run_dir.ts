/**
 * The temporary folder of each scenario run, where its Unix socket paths and `{tmp}` files go.
 *
 * A Unix socket path holds at most 107 bytes (sun_path is 108 with its NUL), so the folder must
 * be short whatever TMPDIR is: it goes under TMPDIR when the longest path sockspec makes in it
 * fits, else under /tmp. Its name, `sockspec-<pid>-<hex>`, says which process made it, so that
 * a later run can remove the folders of a process that was killed before it could.
 *
 * @module
 */
import { isAbsolute, join, resolve } from "node:path";

/** Bytes a Unix socket path may hold (sun_path is 108 bytes, the last one NUL). */
export const SUN_PATH_MAX_BYTES = 107;

/** Prefix of every run folder. */
export const RUN_DIR_PREFIX = "sockspec-";

/**
 * Bytes a run folder needs below it for the longest socket path sockspec makes there: a peer
 * label of up to 24 bytes, a counter and `.sock.rx` (Unix datagram endpoints), or the relay's
 * `relay-<16 hex>/client-NNNNN.sock.rx`.
 */
const SOCKET_NAME_ROOM_BYTES = 44;

/** `sockspec-<pid>-` plus six hex digits and the slash before it. */
const RUN_DIR_NAME_BYTES = RUN_DIR_PREFIX.length + 10 + 1 + 6 + 1;

/** Thrown when no folder is short enough for Unix socket paths. */
export class SocketDirTooLong extends Error {
  override name = "SocketDirTooLong";
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** TMPDIR as the runtime uses it, absolute; /tmp when it is unset or cannot be read. */
export function tempBase(): string {
  let dir: string | undefined;
  try {
    dir = Deno.env.get("TMPDIR");
  } catch {
    dir = undefined; // without --allow-env=TMPDIR the runtime's default is /tmp as well
  }
  if (!dir) return "/tmp";
  return isAbsolute(dir) ? dir : resolve(dir);
}

/** Whether socket paths made under `base` fit sun_path. */
function fits(base: string): boolean {
  return byteLength(base) + RUN_DIR_NAME_BYTES + SOCKET_NAME_ROOM_BYTES <= SUN_PATH_MAX_BYTES;
}

/**
 * The folder run folders go in: TMPDIR when socket paths under it fit, else /tmp.
 *
 * @throws {SocketDirTooLong} When neither is short enough (TMPDIR too long and no /tmp).
 */
export function runDirBase(): string {
  const base = tempBase();
  if (fits(base)) return base;
  try {
    if (Deno.statSync("/tmp").isDirectory) return "/tmp";
  } catch {
    // No /tmp: say so below.
  }
  throw new SocketDirTooLong(
    `TMPDIR=${base} is ${byteLength(base)} bytes long: Unix socket paths under it would pass ` +
      `the ${SUN_PATH_MAX_BYTES}-byte limit of sun_path, and there is no /tmp to use instead; ` +
      `set TMPDIR to a folder of at most ${
        SUN_PATH_MAX_BYTES - RUN_DIR_NAME_BYTES - SOCKET_NAME_ROOM_BYTES
      } bytes`,
  );
}

/** The folders that runs write in: TMPDIR, and /tmp when socket paths go there instead. */
export function runDirBases(): string[] {
  const base = tempBase();
  return fits(base) ? [base] : [base, "/tmp"];
}

/**
 * Makes a fresh run folder `<base>/sockspec-<pid>-<hex>`, readable by its owner only.
 *
 * @throws {SocketDirTooLong} See {@linkcode runDirBase}.
 */
export async function makeRunDir(): Promise<string> {
  const base = runDirBase();
  for (;;) {
    const hex = crypto.getRandomValues(new Uint32Array(1))[0].toString(16).padStart(8, "0");
    const dir = join(base, `${RUN_DIR_PREFIX}${Deno.pid}-${hex.slice(0, 6)}`);
    try {
      await Deno.mkdir(dir, { mode: 0o700 });
      return dir;
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    }
  }
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
