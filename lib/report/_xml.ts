/**
 * Escaping of text for XML 1.0 documents.
 *
 * XML 1.0 (https://www.w3.org/TR/xml/#charsets) allows only tab, newline, carriage return,
 * U+0020-U+D7FF, U+E000-U+FFFD and U+10000-U+10FFFF. Other characters cannot appear even as
 * character references, so they are replaced with a visible `\xNN` or `\uNNNN`.
 *
 * @module
 */

const NOT_XML_CHAR =
  // deno-lint-ignore no-control-regex
  /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Replaces characters that XML 1.0 does not allow with `\xNN` (C0 controls) or `\uNNNN`. */
export function replaceNonXmlChars(text: string): string {
  return text.replace(NOT_XML_CHAR, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** Escapes text for element content: `&`, `<`, `>`, and characters XML 1.0 does not allow. */
export function escapeXmlText(text: string): string {
  return replaceNonXmlChars(text)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");
}

/**
 * Escapes text for a double-quoted attribute value; tab, newline and carriage return become
 * character references so that attribute-value normalisation keeps them.
 */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text)
    .replaceAll('"', "&quot;")
    .replaceAll("\t", "&#9;")
    .replaceAll("\n", "&#10;")
    .replaceAll("\r", "&#13;");
}
