/** Why measured rounds were slow, when their timings say. @internal @module */
import type { RecordEvent, TimingSummary } from "../record/event.ts";

/** Linux's shortest delayed ACK (TCP_DELACK_MIN), in ms; the longest is 200 ms. */
const DELAYED_ACK_MS = 40;

function onTcp(events: readonly RecordEvent[], peer: string): boolean {
  const connect = events.find((e) => e.peer === peer && e.kind === "connect");
  return connect !== undefined && !/-> \//.test(connect.detail ?? "");
}

/**
 * A reason for rounds above a bound, read from their timings:
 * - on TCP, rounds of 40 ms or more, most of them alike: Nagle's algorithm (RFC 896) in a peer
 *   that answers in more than one write without TCP_NODELAY holds the second write until the
 *   first is acknowledged, and the receiver delays that ACK (RFC 1122 4.2.3.2) by 40 to 200 ms;
 * - rounds all about as slow as the slowest half: the peer holds every answer for a while (it
 *   coalesces writes, or works slowly), rather than now and then.
 *
 * @returns A sentence, or undefined when the timings show no pattern.
 */
export function explainSlowRounds(
  timing: TimingSummary,
  peer: string,
  events: readonly RecordEvent[],
): string | undefined {
  const p50Ms = timing.p50Micros / 1000;
  const minMs = timing.minMicros / 1000;
  if (onTcp(events, peer) && p50Ms >= DELAYED_ACK_MS * 0.9 && p50Ms <= 220) {
    return `rounds of ${p50Ms.toFixed(0)} ms (about ${DELAYED_ACK_MS} ms or more) are the ` +
      `signature of a Nagle/delayed-ACK stall: the peer answers in more than one write without ` +
      `TCP_NODELAY (RFC 896), so its second write waits for the ACK of the first, which this ` +
      `side delays by ${DELAYED_ACK_MS} ms or more (RFC 1122 4.2.3.2); a peer answering in one ` +
      `write, or setting TCP_NODELAY, does not stall`;
  }
  if (minMs >= p50Ms * 0.8) {
    return `even the fastest round took ${minMs.toFixed(1)} ms: the peer holds every answer ` +
      `about that long (it coalesces writes, or answers slowly), rather than now and then`;
  }
  return undefined;
}
