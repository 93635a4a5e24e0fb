/** Turns window marks into per-GB and per-message CPU figures. @module */
import type { MarkedWindow } from "./_window.ts";
import type { ResourceUse, ThroughputInterval } from "./result_types.ts";
import type { PeerMark } from "./peer_protocol.ts";

/** CPU and memory figures of a window in which `bytes` bytes and `messages` messages moved. */
export function resourceUse(
  window: MarkedWindow,
  counts: { bytes: number; messages: number; clientPeakRssKiB?: number },
): ResourceUse {
  const first = window.marks[0];
  const last = window.marks[window.marks.length - 1];
  const clientCpuMicros = window.clientCpuMicros[1] - window.clientCpuMicros[0];
  const peerCpuMicros = last.cpuUserMicros + last.cpuSystemMicros -
    (first.cpuUserMicros + first.cpuSystemMicros);
  const gigabytes = counts.bytes / 1e9;
  return {
    clientCpuMicros,
    peerCpuMicros,
    clientCpuMicrosPerGB: gigabytes > 0 ? clientCpuMicros / gigabytes : 0,
    peerCpuMicrosPerGB: gigabytes > 0 ? peerCpuMicros / gigabytes : 0,
    clientCpuMicrosPerMessage: counts.messages > 0 ? clientCpuMicros / counts.messages : 0,
    peerCpuMicrosPerMessage: counts.messages > 0 ? peerCpuMicros / counts.messages : 0,
    clientPeakRssKiB: counts.clientPeakRssKiB,
    peerPeakRssKiB: last.peakRssKiB || undefined,
  };
}

/** Intervals between consecutive marks, timed on the peer's clock from the first mark. */
export function intervalsOf(
  marks: PeerMark[],
  messagesOf: (from: PeerMark, to: PeerMark) => number,
): ThroughputInterval[] {
  const intervals: ThroughputInterval[] = [];
  for (let i = 1; i < marks.length; i++) {
    const seconds = (marks[i].timeMs - marks[i - 1].timeMs) / 1000;
    const bytes = marks[i].bytes - marks[i - 1].bytes;
    intervals.push({
      startSeconds: (marks[i - 1].timeMs - marks[0].timeMs) / 1000,
      endSeconds: (marks[i].timeMs - marks[0].timeMs) / 1000,
      bytes,
      bitsPerSecond: seconds > 0 ? (bytes * 8) / seconds : 0,
      messagesPerSecond: seconds > 0 ? messagesOf(marks[i - 1], marks[i]) / seconds : 0,
    });
  }
  return intervals;
}
