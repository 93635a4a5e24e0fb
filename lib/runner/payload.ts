/** Bytes written literally in steps: text, hex, base64 or a file. @module */
import { dirname, resolve } from "node:path";
import { StepFailure } from "./errors.ts";
import { LIMITS, payloadFileProblem } from "../model/limits.ts";

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
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path);
  } catch (error) {
    throw new StepFailure(`cannot read payload file ${path}: ${(error as Error).message}`);
  }
  using _ = file;
  // The loader refused a device or an oversized file it could name; a path with variables, or a
  // file that grew since, is checked here, on the open file, before a byte is read.
  const problem = payloadFileProblem(path, await file.stat());
  if (problem) throw new StepFailure(`payload file: ${problem}`);
  return await readAtMost(file, LIMITS.heldBytes, path);
}

/** Reads `file` to its end, refusing more than `limit` bytes. */
async function readAtMost(file: Deno.FsFile, limit: number, path: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const buffer = new Uint8Array(64 * 1024);
    const n = await file.read(buffer);
    if (n === null) break;
    total += n;
    if (total > limit) {
      throw new StepFailure(`payload file ${path} grew past ${limit} bytes while it was read`);
    }
    chunks.push(buffer.subarray(0, n));
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
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
