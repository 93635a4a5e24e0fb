/**
 * Folders for Unix socket paths, short enough whatever TMPDIR is.
 *
 * A Unix socket path holds at most 107 bytes (sun_path is 108 with its NUL); Deno refuses a
 * longer one with a bare TypeError. A folder for socket paths therefore goes under TMPDIR when
 * the longest path to be made in it fits, else under /tmp; and a path that does not fit is
 * refused with {@linkcode SocketPathTooLong}, which says how long it is.
 *
 * @module
 */
import { isAbsolute, join, resolve } from "node:path";

/** Bytes a Unix socket path may hold (sun_path is 108 bytes, the last one NUL). */
export const SUN_PATH_MAX_BYTES = 107;

/** Thrown for a Unix socket path over {@linkcode SUN_PATH_MAX_BYTES}, or no folder to fit one. */
export class SocketPathTooLong extends Error {
  override name = "SocketPathTooLong";
}

/** Length of `text` in UTF-8 bytes, as the kernel counts a path. */
export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * Checks that `path` fits sun_path.
 *
 * @throws {SocketPathTooLong} Naming the path, its length and the limit.
 */
export function checkSocketPath(path: string): void {
  const bytes = byteLength(path);
  if (bytes <= SUN_PATH_MAX_BYTES) return;
  throw new SocketPathTooLong(
    `the Unix socket path ${path} is ${bytes} bytes; a socket path holds at most ` +
      `${SUN_PATH_MAX_BYTES} (sun_path): use a shorter path`,
  );
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

/**
 * The folder to make socket folders in, when paths of up to `roomBytes` bytes are to be made
 * below it: TMPDIR if they fit there, else /tmp.
 *
 * @throws {SocketPathTooLong} When neither is short enough (or there is no /tmp).
 */
export function socketDirBase(roomBytes: number): string {
  const base = tempBase();
  if (byteLength(base) + roomBytes <= SUN_PATH_MAX_BYTES) return base;
  let tmp = false;
  try {
    tmp = Deno.statSync("/tmp").isDirectory;
  } catch {
    tmp = false;
  }
  if (tmp && 4 + roomBytes <= SUN_PATH_MAX_BYTES) return "/tmp";
  throw new SocketPathTooLong(
    `TMPDIR=${base} is ${byteLength(base)} bytes long: Unix socket paths under it would pass ` +
      `the ${SUN_PATH_MAX_BYTES}-byte limit of sun_path, and there is no /tmp to use instead; ` +
      `set TMPDIR to a folder of at most ${SUN_PATH_MAX_BYTES - roomBytes} bytes`,
  );
}

/** The folders socket folders may go in: TMPDIR, and /tmp when TMPDIR is too long. */
export function socketDirBases(roomBytes: number): string[] {
  const base = tempBase();
  return byteLength(base) + roomBytes <= SUN_PATH_MAX_BYTES ? [base] : [base, "/tmp"];
}

/** Options of {@linkcode makeSocketDir}. */
export interface MakeSocketDirOptions {
  /** Start of the folder's name; six random hex digits follow. */
  prefix: string;
  /** Bytes of the longest path to be made below the folder, its slash included. */
  roomBytes: number;
}

/**
 * Makes a fresh folder `<base>/<prefix><6 hex>` readable by its owner only, where `<base>` is
 * TMPDIR or /tmp, whichever leaves room for socket paths of `roomBytes` below it.
 *
 * @example
 * ```ts
 * import { makeSocketDir } from "./socket_dir.ts";
 * const dir = await makeSocketDir({ prefix: "example-", roomBytes: 20 });
 * console.assert(new TextEncoder().encode(`${dir}/a-socket-name.sock`).length <= 107);
 * await Deno.remove(dir);
 * ```
 *
 * @throws {SocketPathTooLong} See {@linkcode socketDirBase}.
 */
export async function makeSocketDir(options: MakeSocketDirOptions): Promise<string> {
  const base = socketDirBase(options.prefix.length + 7 + options.roomBytes);
  for (;;) {
    const hex = crypto.getRandomValues(new Uint32Array(1))[0].toString(16).padStart(8, "0");
    const dir = join(base, `${options.prefix}${hex.slice(0, 6)}`);
    try {
      await Deno.mkdir(dir, { mode: 0o700 });
      return dir;
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    }
  }
}
