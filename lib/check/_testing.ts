/** Record summaries for the checks' unit tests. @internal @module */
import type { DatagramCheckSummary, StreamCheckSummary } from "../record/event.ts";
import type { CheckInput } from "./_types.ts";

/** A verified stream of `receivedBytes` with the given anomalies (bytes). */
export function stream(counts: Partial<StreamCheckSummary> = {}): StreamCheckSummary {
  return {
    pattern: "sequence",
    expectedBytes: 1000,
    receivedBytes: 1000,
    lostBytes: 0,
    duplicatedBytes: 0,
    reorderedBytes: 0,
    corruptedBytes: 0,
    lostRanges: [],
    duplicatedRanges: [],
    ...counts,
  };
}

/** A verified flow of `sent` datagrams with the given anomalies (datagrams). */
export function datagrams(counts: Partial<DatagramCheckSummary> = {}): DatagramCheckSummary {
  return {
    sent: 100,
    received: 100,
    lost: 0,
    duplicated: 0,
    reordered: 0,
    truncated: 0,
    corrupted: 0,
    lostSeqs: [],
    duplicatedSeqs: [],
    ...counts,
  };
}

/** What a check reads, from stream and datagram summaries of `client/main`. */
export function input(
  streams: StreamCheckSummary[],
  flows: DatagramCheckSummary[] = [],
): CheckInput {
  return {
    streams: streams.map((summary) => ({ where: "client/main", summary })),
    datagrams: flows.map((summary) => ({ where: "client/main", summary })),
    events: [],
  };
}
