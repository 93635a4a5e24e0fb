/** `boundaries`: datagrams arrived whole. @module */
import { countedCheck } from "./_counted.ts";
import { describeBoundaries, notWholeCount } from "../pattern/diagnosis.ts";

/**
 * Datagrams keep their boundaries: each one received is one sent, whole, neither truncated,
 * merged nor split. (Altered bytes are `intact`'s.) Only for udp and unixgram (the loader refuses
 * it on streams).
 */
export const boundaries = countedCheck({
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
