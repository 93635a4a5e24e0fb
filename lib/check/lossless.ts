/** `lossless`: every byte or datagram sent arrived. @module */
import { countedCheck } from "./_counted.ts";

/** Lost bytes (gaps and a missing tail) or lost datagrams, within the limit (`max_loss`). */
export const lossless = countedCheck({
  name: "lossless",
  limit: "max_loss",
  minimum: "min_loss",
  word: "lost",
  streamBytes: (s) => s.lostBytes,
  datagrams: (s) => ({ count: s.lost, seqs: s.lostSeqs }),
});
