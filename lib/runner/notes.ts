/** Notes of a run: how writes were split and coalesced into reads. @module */
import type { Recorder } from "../record/recorder.ts";
import { formatSize } from "../pattern/mod.ts";

/**
 * One line a connection: bytes and write calls sent, bytes and read calls received with the
 * smallest and largest read. Stream sockets keep no record boundaries, so the two differ.
 */
export function describeTallies(record: Recorder): string[] {
  const notes = record.tallies.map((t) => {
    const parts = [`${t.peer}/${t.conn || "-"}:`];
    if (t.sends > 0) parts.push(`sent ${formatSize(t.sentBytes)} in ${t.sends} writes`);
    if (t.receives > 0) {
      parts.push(
        `received ${formatSize(t.receivedBytes)} in ${t.receives} reads (${
          formatSize(t.minReceiveBytes)
        } to ${formatSize(t.maxReceiveBytes)} a read)`,
      );
    }
    return parts.join(" ");
  });
  if (record.droppedOpEvents > 0) {
    notes.push(`record: ${record.droppedOpEvents} send/receive events counted but not kept`);
  }
  return notes;
}
