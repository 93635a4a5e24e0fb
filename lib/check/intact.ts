/** `intact`: nothing arrived altered. @module */
import { countedCheck } from "./_counted.ts";
import { describeBoundaries, describeCorruption, notWholeCount } from "../pattern/diagnosis.ts";

/**
 * Bytes that match no offset of the pattern (out of those received); datagrams corrupted,
 * truncated, merged or split (out of those received), each kind named.
 */
export const intact = countedCheck({
  name: "intact",
  word: "corrupted",
  streamBytes: (s) => s.corruptedBytes,
  streamOutOf: "received",
  datagrams: (s) => {
    const phrases = [describeCorruption(s), ...describeBoundaries(s)].filter((p) => p);
    const count = s.corrupted + notWholeCount(s);
    return {
      count,
      seqs: [],
      total: Math.max(s.received, count),
      text: phrases.length > 0 ? phrases.join(", ") : `${s.received} received datagrams intact`,
    };
  },
});
