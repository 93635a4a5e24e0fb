/**
 * Short previews of payloads for the record: enough to tell messages apart on a sequence
 * diagram, never the payload itself.
 *
 * @module
 */

/** Bytes of a payload that a preview shows. */
export const PREVIEW_BYTES = 16;

/**
 * The first {@linkcode PREVIEW_BYTES} bytes of `payload` as text: printable ASCII as is, `\n`,
 * `\r`, `\t` and `\\` escaped, other bytes as `\xNN`, and `…` after a cut payload.
 *
 * @example
 * ```ts
 * import { payloadPreview } from "./preview.ts";
 * console.assert(payloadPreview(new TextEncoder().encode("GET /\r\n")) === "GET /\\r\\n");
 * console.assert(payloadPreview(new Uint8Array(20)).endsWith("…"));
 * ```
 */
export function payloadPreview(payload: Uint8Array): string {
  let text = "";
  for (const byte of payload.subarray(0, PREVIEW_BYTES)) text += escapeByte(byte);
  return payload.length > PREVIEW_BYTES ? `${text}…` : text;
}

const ESCAPES: Record<number, string> = { 0x0a: "\\n", 0x0d: "\\r", 0x09: "\\t", 0x5c: "\\\\" };

function escapeByte(byte: number): string {
  if (ESCAPES[byte] !== undefined) return ESCAPES[byte];
  if (byte >= 0x20 && byte < 0x7f) return String.fromCharCode(byte);
  return `\\x${byte.toString(16).padStart(2, "0")}`;
}
