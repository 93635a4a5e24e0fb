/** `lossless`: every byte or datagram sent arrived. @module */
import { countedCheck } from "./_counted.ts";

/** Lost bytes (gaps and a missing tail) or lost datagrams, within the limit (`max_loss`). */
export const lossless = countedCheck({
  name: "lossless",
  limit: "max_loss",
  minimum: "min_loss",
  word: "lost",
  streamBytes: (s) => s.lostBytes,
  streamNote: (s) =>
    s.unreadBytes ? `${s.unreadBytes} more bytes not read: the receive stopped first` : undefined,
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
