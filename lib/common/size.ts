/**
 * Sizes in bytes, as scenario files write them and reports print them.
 *
 * Accepted forms: a non-negative integer number of bytes (`65536`), or a string: a non-negative
 * decimal number, optional spaces, and an optional unit. Binary units (IEC 80000-13) are powers of
 * 1024: `KiB`, `MiB`, `GiB`, `TiB`; decimal units (SI) are powers of 1000: `KB` (or `kB`), `MB`,
 * `GB`, `TB`; `B` or no unit means bytes. The result must be a whole number of bytes no larger
 * than `Number.MAX_SAFE_INTEGER`.
 *
 * @module
 */

/** Bytes in each unit a size may be written in. */
export const UNITS: Readonly<Record<string, bigint>> = {
  B: 1n,
  KiB: 1024n,
  MiB: 1024n ** 2n,
  GiB: 1024n ** 3n,
  TiB: 1024n ** 4n,
  KB: 1000n,
  kB: 1000n,
  MB: 1000n ** 2n,
  GB: 1000n ** 3n,
  TB: 1000n ** 4n,
};

/** The accepted forms, for error messages. */
export const SIZE_FORMS =
  'a non-negative integer of bytes (65536), or a string such as "64", "64B", "1KiB", "1 KiB", ' +
  '"1.5MiB", "1KB" (1000 bytes), "1MB", "1GiB", "1GB" (units: B, KiB, MiB, GiB, TiB, KB, kB, ' +
  "MB, GB, TB)";

/** Thrown by {@linkcode parseSize} for anything that is not a size. */
export class SizeSyntaxError extends SyntaxError {
  /** The value that was given. */
  readonly found: unknown;

  constructor(found: unknown, reason: string) {
    super(`Invalid size ${describe(found)}: ${reason}; expected ${SIZE_FORMS}`);
    this.name = "SizeSyntaxError";
    this.found = found;
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}

const SIZE_PATTERN = /^\s*(\d+)(?:\.(\d+))?\s*([A-Za-z]*)\s*$/;

/**
 * Parses a size in bytes.
 *
 * @example Units
 * ```ts
 * import { parseSize } from "./size.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(parseSize("64"), 64);
 * assert.equal(parseSize("1 KiB"), 1024);
 * assert.equal(parseSize("1.5MiB"), 1572864);
 * assert.equal(parseSize("1KB"), 1000);
 * assert.equal(parseSize(4096), 4096);
 * assert.throws(() => parseSize("1 MiBs"), SyntaxError);
 * ```
 *
 * @param text A number of bytes, or a string such as `"64KiB"`.
 * @returns The size in bytes, a safe integer.
 * @throws {SizeSyntaxError} For a negative, fractional or unsafe number, an unknown unit, a
 *   fraction of a byte (`"1.5B"`, `"0.1KiB"`), or anything else that is not a size.
 */
export function parseSize(text: string | number): number {
  if (typeof text === "number") return parseSizeNumber(text);
  if (typeof text !== "string") throw new SizeSyntaxError(text, "not a number or a string");
  const match = SIZE_PATTERN.exec(text);
  if (match === null) {
    const reason = /^\s*-/.test(text) ? "sizes cannot be negative" : "not a number with a unit";
    throw new SizeSyntaxError(text, reason);
  }
  const [, whole, fraction = "", unitText] = match;
  const unit = UNITS[unitText === "" ? "B" : unitText];
  if (unit === undefined) throw new SizeSyntaxError(text, `unknown unit "${unitText}"`);
  const scale = 10n ** BigInt(fraction.length);
  const scaled = (BigInt(whole) * scale + BigInt(fraction === "" ? 0 : fraction)) * unit;
  if (scaled % scale !== 0n) throw new SizeSyntaxError(text, "not a whole number of bytes");
  const bytes = scaled / scale;
  if (bytes > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new SizeSyntaxError(text, "larger than Number.MAX_SAFE_INTEGER bytes");
  }
  return Number(bytes);
}

function parseSizeNumber(value: number): number {
  if (Number.isNaN(value)) throw new SizeSyntaxError(value, "not a number");
  if (value < 0) throw new SizeSyntaxError(value, "sizes cannot be negative");
  if (!Number.isFinite(value)) throw new SizeSyntaxError(value, "not a finite number");
  if (!Number.isInteger(value)) throw new SizeSyntaxError(value, "not a whole number of bytes");
  if (!Number.isSafeInteger(value)) {
    throw new SizeSyntaxError(value, "larger than Number.MAX_SAFE_INTEGER bytes");
  }
  return value;
}

const BINARY_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

/**
 * Formats a size in bytes with the largest binary unit that keeps the number at least 1, and at
 * most two decimals (trailing zeros dropped).
 *
 * @example
 * ```ts
 * import { formatSize } from "./size.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(formatSize(17), "17 B");
 * assert.equal(formatSize(1536), "1.5 KiB");
 * assert.equal(formatSize(1048576), "1 MiB");
 * ```
 *
 * @param bytes A non-negative number of bytes.
 * @throws {RangeError} When `bytes` is negative or not finite.
 */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) {
    throw new RangeError(`Size must be a non-negative finite number of bytes, found ${bytes}`);
  }
  let unit = 0;
  let value = bytes;
  while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  let rounded = Math.round(value * 100) / 100;
  if (rounded >= 1024 && unit < BINARY_UNITS.length - 1) {
    rounded = 1;
    unit++;
  }
  return `${rounded} ${BINARY_UNITS[unit]}`;
}
