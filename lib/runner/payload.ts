/** Bytes written literally in steps: text, hex, base64 or a file. @module */
import { dirname, resolve } from "node:path";
import { StepFailure } from "./errors.ts";

/** A literal payload as written in a step. */
export interface LiteralSource {
  text?: string;
  hex?: string;
  base64?: string;
  file?: string;
}

const encoder = new TextEncoder();

/** Whether a step argument holds a literal payload. */
export function hasLiteral(source: LiteralSource): boolean {
  return source.text !== undefined || source.hex !== undefined || source.base64 !== undefined ||
    source.file !== undefined;
}

/**
 * The bytes of a literal payload. `expand` replaces `{variables}` in a file name, `expandBytes`
 * in text (captured bytes unchanged; `expand` and UTF-8 when not given).
 *
 * @param scenarioFile The scenario's file: `file` paths are relative to its folder.
 * @throws {StepFailure} When the base64 is invalid or the file cannot be read.
 */
export async function literalBytes(
  source: LiteralSource,
  options: {
    scenarioFile: string;
    expand(text: string): string;
    expandBytes?(text: string): Uint8Array;
  },
): Promise<Uint8Array> {
  if (source.text !== undefined) {
    return options.expandBytes?.(source.text) ?? encoder.encode(options.expand(source.text));
  }
  if (source.hex !== undefined) return hexBytes(source.hex);
  if (source.base64 !== undefined) {
    try {
      return Uint8Array.from(atob(source.base64.replace(/\s+/g, "")), (c) => c.charCodeAt(0));
    } catch {
      throw new StepFailure(`base64 is not valid: ${JSON.stringify(source.base64.slice(0, 40))}`);
    }
  }
  const path = resolve(dirname(options.scenarioFile), options.expand(source.file ?? ""));
  try {
    return await Deno.readFile(path);
  } catch (error) {
    throw new StepFailure(`cannot read payload file ${path}: ${(error as Error).message}`);
  }
}

/** Parses hex digits, spaces allowed between bytes. */
export function hexBytes(hex: string): Uint8Array {
  const digits = hex.replace(/\s+/g, "");
  if (digits.length % 2 !== 0) {
    throw new StepFailure(`hex needs an even number of digits, found ${digits.length}`);
  }
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}
