/**
 * Bytes as lowercase hex.
 *
 * @module
 */

/** Formats bytes as lowercase hex, two digits a byte, no separator. */
export function bytesToHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}
