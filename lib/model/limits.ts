/**
 * The caps on what a scenario may ask: checked when the file loads (lib/scenario/limits.ts) and,
 * for payload files, again when a step reads one.
 *
 * @module
 */

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/**
 * The caps, each in the unit of its field. Bytes a step holds in memory at once (a read buffer, a
 * chunk, a search window, a payload file) stay under 16 MiB, so that even many peers at once keep
 * the runner's memory bounded; bytes that stream through in constant memory (generated data, a
 * count of bytes read) under 4 GiB, about what loopback moves in a scenario's timeout.
 */
export const LIMITS = {
  /** `send: {generate}`, `receive: {bytes, size}`, chargen's `size`. */
  streamBytes: 4 * GiB,
  /** `chunk`, `buffer`, `max`, a datagram's `generate`, a payload `file`. */
  heldBytes: 16 * MiB,
  /** `repeat: {times}`, multiplied through nested repeats. */
  rounds: 1_000_000,
  /** `send_to: {count}`, `receive_from: {count}`. */
  datagrams: 1_000_000,
  /** A client peer's `count` (clients at once). */
  clients: 100_000,
  /** `count` times the largest held-bytes field of a client's steps: memory its crowd holds. */
  crowdHeldBytes: 256 * MiB,
} as const;

/** `16 MiB`, `4 GiB`. */
export function formatBytes(bytes: number): string {
  return bytes >= GiB ? `${bytes / GiB} GiB` : `${bytes / MiB} MiB`;
}

/**
 * Why a payload file cannot be used, or undefined: not a regular file, or larger than
 * {@linkcode LIMITS}.heldBytes.
 */
export function payloadFileProblem(path: string, info: Deno.FileInfo): string | undefined {
  if (!info.isFile) {
    return `expected a regular file, found ${path} (a device or folder: its bytes never end or ` +
      `are not a payload)`;
  }
  if (info.size > LIMITS.heldBytes) {
    return `expected a payload file of at most ${
      formatBytes(LIMITS.heldBytes)
    }, found ${path} of ` +
      `${info.size} bytes: use generate for large streams`;
  }
  return undefined;
}
