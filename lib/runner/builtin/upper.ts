/** The upper-casing echo of the seeds' example programs. @module */
import { echoing } from "./echo.ts";
import type { Builtin } from "./_types.ts";

function toUpper(chunk: Uint8Array): Uint8Array {
  const out = new Uint8Array(chunk.length);
  for (let i = 0; i < chunk.length; i++) {
    const byte = chunk[i];
    out[i] = byte >= 0x61 && byte <= 0x7a ? byte - 0x20 : byte;
  }
  return out;
}

/** Echoes with ASCII letters upper-cased; other bytes unchanged. */
export const upper: Builtin = echoing(toUpper);
