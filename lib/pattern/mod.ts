/**
 * Generated payloads and their constant-memory verifiers, for sockspec's property checks.
 *
 * - Streams ({@linkcode fillPattern}, {@linkcode StreamVerifier}): the `sequence` pattern embeds
 *   its own offset in every 8-byte word, so a receiver checks each byte against the offset it
 *   should be at and, after an anomaly, finds where the stream continues. It counts lost,
 *   duplicated, reordered and corrupted bytes exactly, in constant memory. `zero` and `ascii`
 *   (chargen-like lines) are verified byte by offset.
 * - Datagrams ({@linkcode encodeDatagram}, {@linkcode decodeDatagram},
 *   {@linkcode DatagramTracker}): a 16-byte header with sequence number, length and checksum,
 *   and a tracker that counts lost, duplicated, reordered, truncated and corrupted datagrams.
 * - Sizes ({@linkcode parseSize}, {@linkcode formatSize}): `"64KiB"`, `"1.5 MiB"`, `"1GB"`.
 *
 * @example A stream sent in pieces and checked as it arrives
 * ```ts
 * import { fillPattern, parseSize, StreamVerifier } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const total = parseSize("64 KiB");
 * const chunk = new Uint8Array(parseSize("4KiB"));
 * const verifier = new StreamVerifier({ seed: 42, expectedBytes: total });
 * for (let offset = 0; offset < total; offset += chunk.length) {
 *   verifier.push(fillPattern(chunk, { seed: 42, offsetBytes: offset }));
 * }
 * const summary = verifier.finish();
 * assert.equal(summary.receivedBytes, total);
 * assert.equal(summary.lostBytes + summary.duplicatedBytes + summary.corruptedBytes, 0);
 * ```
 *
 * @module
 */
export {
  fillPattern,
  type FillPatternOptions,
  isStreamPatternName,
  SEQUENCE_PERIOD_BYTES,
  STREAM_PATTERN_NAMES,
  type StreamPatternName,
  StreamVerifier,
  StreamVerifierFinishedError,
  type StreamVerifierOptions,
  UnknownStreamPatternError,
} from "./stream_pattern.ts";
export {
  DATAGRAM_HEADER_BYTES,
  DATAGRAM_MAGIC,
  DATAGRAM_MAX_BYTES,
  DATAGRAM_VERSION,
  type DatagramProblem,
  DatagramSizeError,
  DatagramTracker,
  type DatagramTrackerOptions,
  decodeDatagram,
  type DecodedDatagram,
  encodeDatagram,
  encodeDatagramInto,
  type EncodeDatagramIntoOptions,
  type EncodeDatagramOptions,
} from "./datagram_pattern.ts";
export { formatSize, parseSize, SIZE_FORMS, SizeSyntaxError } from "../common/size.ts";
export { sizeSchema } from "../common/size_schema.ts";
export {
  describeBoundaries,
  describeCorruption,
  describeDifference,
  notWholeCount,
  quoteBoth,
} from "./diagnosis.ts";
