/** `boundaries`: datagrams arrived whole. @module */
import { countedCheck } from "./_counted.ts";

/**
 * Datagrams keep their boundaries: each one received is one sent, whole, neither truncated nor
 * merged with another. Only for udp and unixgram (the loader refuses it on streams).
 */
export const boundaries = countedCheck({
  name: "boundaries",
  word: "not whole (truncated or merged)",
  streamBytes: () => 0,
  datagrams: (s) => ({ count: s.truncated + s.corrupted, seqs: [] }),
});
