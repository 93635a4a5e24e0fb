/** Message sizes: parsing `64`, `1K`, `64KiB`, `1M` and printing them back. @module */

/** A size could not be parsed. */
export class InvalidSizeError extends TypeError {
  override name = "InvalidSizeError";
}

const UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gib: 1024 ** 3,
};

/**
 * Parses a size in bytes: a whole number with an optional binary unit (`K`, `KiB`, `M`, `MiB`,
 * `G`, `GiB`, case-insensitive; `K` means 1024 as in iperf3's `-l 1K`).
 *
 * @throws {InvalidSizeError} if the text is not such a size or is 0.
 */
export function parseSize(text: string): number {
  const match = text.trim().match(/^(\d+)\s*([a-z]*)$/i);
  const unit = match ? UNITS[match[2].toLowerCase()] : undefined;
  if (!match || unit === undefined || Number(match[1]) === 0) {
    throw new InvalidSizeError(`Expected a size like 64, 1K, 64KiB or 1MiB, found "${text}"`);
  }
  return Number(match[1]) * unit;
}

/** Prints a byte count with the largest binary unit that divides it: `64 B`, `1 KiB`, `1.5 MiB`. */
export function formatSize(bytes: number): string {
  for (const [unit, scale] of [["GiB", 1024 ** 3], ["MiB", 1024 ** 2], ["KiB", 1024]] as const) {
    if (bytes >= scale) {
      const value = bytes / scale;
      return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
    }
  }
  return `${bytes} B`;
}

/** The size in iperf3's and sockperf's notation (`1K`, `128K`, `1M`, or bytes). */
export function toolSize(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)}M`;
  if (bytes % 1024 === 0) return `${bytes / 1024}K`;
  return String(bytes);
}
