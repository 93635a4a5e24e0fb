/** `intact` and `boundaries`: nothing arrived altered; datagrams arrived whole. @module */
import { countedProperty } from "./_counted.ts";
import { describeBoundaries, describeCorruption, notWholeCount } from "../pattern/diagnosis.ts";

/**
 * Bytes that match no offset of the pattern (out of those received); datagrams corrupted,
 * truncated, merged or split (out of those received), each kind named.
 */
export const intact = countedProperty({
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

/**
 * Datagrams keep their boundaries: each one received is one sent, whole, neither truncated,
 * merged nor split. (Altered bytes are `intact`'s.) Only for udp and unixgram (the loader refuses
 * it on streams).
 */
export const boundaries = countedProperty({
  name: "boundaries",
  word: "not whole",
  streamBytes: () => 0,
  datagrams: (s) => {
    const phrases = describeBoundaries(s);
    const count = notWholeCount(s);
    return {
      count,
      seqs: [],
      total: Math.max(s.received, count),
      text: phrases.length > 0 ? phrases.join(", ") : `${s.received} received datagrams whole`,
    };
  },
});
