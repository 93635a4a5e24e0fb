/** Read and write loops shared by the built-in peers. @internal @module */
import type { BuiltinContext } from "./_types.ts";
import { writeAll } from "../../transport/stream.ts";

/** Bytes read per call by built-in peers. */
export const BUILTIN_READ_BYTES = 64 * 1024;

/**
 * Reads until EOF, handing each chunk to `onChunk` (which may write a reply), and records each
 * read. Resolves with the bytes read. A reset or a close by the runner ends it quietly.
 */
export async function readUntilEof(
  conn: Deno.Conn,
  label: string,
  ctx: BuiltinContext,
  onChunk: (chunk: Uint8Array) => Promise<void> | void,
): Promise<number> {
  const buffer = new Uint8Array(BUILTIN_READ_BYTES);
  let total = 0;
  for (;;) {
    let n: number | null;
    try {
      n = await conn.read(buffer);
    } catch {
      return total;
    }
    if (n === null) {
      ctx.record.add({ peer: ctx.peer, conn: label, kind: "eof", offset: total });
      return total;
    }
    const chunk = buffer.subarray(0, n);
    ctx.record.add(
      { peer: ctx.peer, conn: label, kind: "receive", bytes: n, offset: total },
      chunk,
    );
    total += n;
    await onChunk(chunk);
  }
}

/** Writes all of `data` and records it; a broken connection ends quietly with false. */
export async function sendRecorded(
  conn: Deno.Conn,
  data: Uint8Array,
  where: { label: string; offset: number; ctx: BuiltinContext },
): Promise<boolean> {
  try {
    await writeAll(conn, data);
  } catch {
    return false;
  }
  where.ctx.record.add({
    peer: where.ctx.peer,
    conn: where.label,
    kind: "send",
    bytes: data.length,
    offset: where.offset,
  }, data);
  return true;
}
