/** `ordered`: everything arrived in the order it was sent. @module */
import { countedCheck } from "./_counted.ts";

/**
 * Bytes that arrived after later ones, or datagrams that arrived below the highest sequence
 * number seen, within the limit (`max_reordered`).
 */
export const ordered = countedCheck({
  name: "ordered",
  limit: "max_reordered",
  minimum: "min_reordered",
  word: "reordered",
  streamBytes: (s) => s.reorderedBytes,
  streamOutOf: "received",
  datagrams: (s) => ({
    count: s.reordered,
    seqs: [],
    total: Math.max(s.received, s.reordered),
    of: "received",
  }),
});
