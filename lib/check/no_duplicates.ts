/** `no_duplicates`: nothing arrived twice. @module */
import { countedCheck } from "./_counted.ts";

/** Bytes or datagrams received more than once, within the limit (`max_duplicates`). */
export const noDuplicates = countedCheck({
  name: "no_duplicates",
  limit: "max_duplicates",
  minimum: "min_duplicates",
  word: "duplicated",
  streamBytes: (s) => s.duplicatedBytes,
  streamOutOf: "received",
  datagrams: (s) => ({
    count: s.duplicated,
    seqs: s.duplicatedSeqs,
    total: Math.max(s.received, s.duplicated),
    of: "received",
  }),
});
