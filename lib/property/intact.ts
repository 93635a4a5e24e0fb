/** `intact` and `boundaries`: nothing arrived altered; datagrams arrived whole. @module */
import { countedProperty } from "./_counted.ts";

/** Bytes that match no offset of the pattern; datagrams truncated, merged or corrupted. */
export const intact = countedProperty({
  name: "intact",
  word: "corrupted",
  streamBytes: (s) => s.corruptedBytes,
  datagrams: (s) => ({ count: s.truncated + s.corrupted, seqs: [] }),
});

/**
 * Datagrams keep their boundaries: each one received is one sent, whole, neither truncated nor
 * merged with another. Only for udp and unixgram (the loader refuses it on streams).
 */
export const boundaries = countedProperty({
  name: "boundaries",
  word: "not whole (truncated or merged)",
  streamBytes: () => 0,
  datagrams: (s) => ({ count: s.truncated + s.corrupted, seqs: [] }),
});
