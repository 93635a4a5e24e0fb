/** `intact`: nothing arrived altered. @module */
import { countedCheck } from "./_counted.ts";

/** Bytes that match no offset of the pattern; datagrams truncated, merged or corrupted. */
export const intact = countedCheck({
  name: "intact",
  word: "corrupted",
  streamBytes: (s) => s.corruptedBytes,
  datagrams: (s) => ({ count: s.truncated + s.corrupted, seqs: [] }),
});
