/** `lossless`: every byte or datagram sent arrived. @module */
import { countedCheck } from "./_counted.ts";

/**
 * Lost bytes (gaps, a missing tail, and bytes still missing when a receive timed out) or lost
 * datagrams, within the limit (`max_loss`).
 */
export const lossless = countedCheck({
  name: "lossless",
  limit: "max_loss",
  minimum: "min_loss",
  word: "lost",
  streamBytes: (s) => s.lostBytes + (s.lateBytes ?? 0),
  // Bytes still missing when a receive timed out may be on their way: "lost or late".
  streamWord: (s) => (s.lateBytes ? "lost or late" : "lost"),
  streamNote: (s) => {
    if (s.lateBytes) return `${s.lateBytes} had not arrived when the receive timed out`;
    return s.unreadBytes
      ? `${s.unreadBytes} more bytes not read: the receive stopped first`
      : undefined;
  },
  datagrams: (s) => ({
    count: s.lost,
    seqs: s.lostSeqs,
    ...(s.unread
      ? {
        text: `${s.lost} of ${s.sent} sent datagrams lost${
          s.lostSeqs.length > 0 ? ` (#${s.lostSeqs.slice(0, 8).join(", #")})` : ""
        }, ${s.unread} more not read: the receive stopped at its count first`,
      }
      : {}),
  }),
});
