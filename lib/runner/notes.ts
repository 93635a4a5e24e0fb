/** Notes of a run: how writes were split and coalesced into reads. @module */
import type { ConnTally, Recorder } from "../record/recorder.ts";
import { formatSize } from "../pattern/mod.ts";

/**
 * One line a connection: bytes and write calls sent, bytes and read calls received with the
 * smallest and largest read. Stream sockets keep no record boundaries, so the two differ.
 */
export function describeTallies(record: Recorder): string[] {
  const tallies = record.tallies.length > MAX_LISTED_CONNECTIONS
    ? mergeTallies(record.tallies)
    : record.tallies;
  const notes = tallies.map((t) => {
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
  // A built-in server's listener trouble fails no step (accept out of descriptors): a note.
  for (const event of record.events) {
    if (event.kind === "error" && event.conn === "listener" && event.detail) {
      notes.push(`${event.peer}: ${event.detail}`);
    }
  }
  if (record.droppedOpEvents > 0) {
    notes.push(`record: ${record.droppedOpEvents} send/receive events counted but not kept`);
  }
  return notes;
}

/** Connections listed one by one in the notes; with more, they are merged by peer. */
const MAX_LISTED_CONNECTIONS = 12;

/** Merges the tallies of `client#1`..`client#N` and `conn#1`..`conn#N` into one line each. */
function mergeTallies(tallies: ConnTally[]): ConnTally[] {
  const merged = new Map<string, ConnTally & { count: number }>();
  for (const t of tallies) {
    const peer = t.peer.replace(/#\d+$/, "");
    const conn = t.conn.replace(/#\d+$/, "");
    const key = `${peer}/${conn}`;
    const into = merged.get(key);
    if (!into) {
      merged.set(key, { ...t, peer, conn, count: 1 });
      continue;
    }
    into.count++;
    into.sends += t.sends;
    into.sentBytes += t.sentBytes;
    if (t.receives > 0) {
      into.minReceiveBytes = into.receives === 0
        ? t.minReceiveBytes
        : Math.min(into.minReceiveBytes, t.minReceiveBytes);
    }
    into.maxReceiveBytes = Math.max(into.maxReceiveBytes, t.maxReceiveBytes);
    into.receives += t.receives;
    into.receivedBytes += t.receivedBytes;
  }
  return [...merged.values()].map((t) =>
    t.count > 1 ? { ...t, conn: `${t.conn} (${t.count} connections)` } : t
  );
}
