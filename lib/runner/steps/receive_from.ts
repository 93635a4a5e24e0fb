/** `receive_from`: receive datagrams and compare, verify or capture them. @module */
import { z } from "../../_deps/zod.ts";
import { defineStep } from "./_define.ts";
import { durationField, regexField, sizeField } from "../../common/fields.ts";
import { literalSources, sizeOrVariable } from "./_schema_parts.ts";
import { resolveSize } from "./_size.ts";
import { remainingMs } from "./_define.ts";
import { hasLiteral, literalBytes } from "../payload.ts";
import type { DatagramSocket, PeerState } from "../peer_state.ts";
import { DatagramTracker } from "../../pattern/mod.ts";
import { StepFailure, TimedOut } from "../errors.ts";
import { checkSender, datagramSocket, receiveDatagram } from "./_datagram_socket.ts";
import { firstDifference } from "./_bytes.ts";
import { runtimeRegex } from "./_regex.ts";
import { formatAddr } from "../../transport/address.ts";
import { describeDatagramHistory, diagnoseDatagram } from "../datagram_diagnosis.ts";
import type { ReceivedDatagram } from "../datagram_history.ts";

/** ` (what happened)`, or nothing when the history does not say. */
function said(diagnosis: string | undefined): string {
  return diagnosis === undefined ? "" : ` (${diagnosis})`;
}

/** `receive_from` arguments; `receive_from: {}` or null receives one datagram of any content. */
type ReceiveFromArgs = NonNullable<z.output<typeof schema>>;

function matchGroups(
  peer: PeerState,
  pattern: string,
  datagram: Uint8Array,
  text: string,
): string[] {
  const regex = runtimeRegex(peer.expand(pattern));
  const match = regex.exec(text);
  if (!match) {
    throw new StepFailure(`datagram does not match /${regex.source}/`, {
      received: datagram.slice(),
    });
  }
  return match.groups.length > 0 ? match.groups : [match.text];
}

function captureAll(
  peer: PeerState,
  names: string | string[] | undefined,
  values: (string | Uint8Array)[],
): void {
  if (names === undefined) return;
  (Array.isArray(names) ? names : [names]).forEach((name, i) =>
    peer.capture(name, values[i] ?? "")
  );
}

/** Datagrams to receive and what to expect of them; null or `{}` receives one of any content. */
const schema = z.strictObject({
  ...literalSources,
  from: z.string().optional().meta({ description: "Peer the datagram must come from" }),
  verify: z.boolean().optional().meta({ description: "Check generated datagrams" }),
  count: z.int().min(1).optional().meta({ description: "Datagrams to receive (1)" }),
  idle: durationField.optional().meta({
    description: "With count: stop after this long without a datagram and count the rest lost",
  }),
  buffer: sizeField.optional().meta({ description: "Receive buffer in bytes (65536)" }),
  bytes: sizeOrVariable().optional().meta({
    description: "Expected datagram length, or a {variable}",
  }),
  match: regexField.optional().meta({
    description: "Regular expression each datagram must match",
  }),
  capture: z.union([z.string(), z.array(z.string())]).optional().meta({
    description: "Variable(s) for the last datagram's text, or the groups of match",
  }),
}).nullable();

/**
 * How long the flow may still stay quiet, in ms: `idle` from the later of the last arrival and
 * this socket's last send (a peer that sends while it receives is not idle while it sends).
 */
function idleLeft(idleMs: number, lastArrival: number, state: DatagramSocket): number {
  const since = Math.max(lastArrival, state.lastSentAt ?? 0);
  return Math.max(1, Math.round(idleMs - (performance.now() - since)));
}

/**
 * A timer that fires this much later than asked means the process was not running (a loaded
 * machine deschedules it): datagrams that came meanwhile are still unread, so that time is no
 * quiet time.
 */
const STALL_SLACK_MS = 50;

/**
 * Receives `count` datagrams (1). Literal payloads must match each datagram whole; `bytes` checks
 * the length; `match` tests a regular expression whose groups `capture` takes; `verify` checks generated datagrams (sequence numbers, lengths, checksums); the
 * socket's datagram_check event is recorded when it closes, so a flow may be received in several
 * steps. With `idle`, it receives until no datagram came for that long (lost ones are counted).
 * A datagram longer than `buffer` is truncated to it (recvfrom(2) without MSG_TRUNC).
 */
export const receiveFromStep = defineStep({
  schema: schema,
  family: "datagram",
  doc: [
    [
      "`receive_from: {text, hex, bytes, match, buffer, from, capture}`",
      "receive a datagram (whole, or truncated to `buffer`); `match` a regex whose groups `capture` takes",
    ],
    [
      "`receive_from: {verify: true, count, idle}`",
      "receive generated datagrams, counting loss, duplicates, reordering, truncation; stop after `idle` without one",
    ],
  ],
  async run(raw, { step, peer, deadlineAt }) {
    const args: ReceiveFromArgs = raw ?? {};
    const state = datagramSocket(peer, step.socket);
    const expected = hasLiteral(args)
      ? await literalBytes(args, {
        scenarioFile: peer.ctx.scenario.file,
        expandBytes: (text) => peer.expandBytes(text),
        expand: (t) => peer.expand(t),
      })
      : undefined;
    const count = args.count ?? 1;
    const length = args.bytes === undefined
      ? undefined
      : resolveSize(peer, args.bytes, "receive_from.bytes");
    if (args.verify) {
      state.check ??= { tracker: new DatagramTracker({ seed: peer.ctx.seed }), expected: 0 };
      state.check.expected += count;
    }
    const tracker = args.verify ? state.check?.tracker : undefined;
    // With idle, keep receiving until the flow goes quiet, so late duplicates are counted too.
    const drain = tracker !== undefined && args.idle !== undefined;
    let received = 0;
    let activeAt = performance.now();
    if (state.check) state.check.stoppedAtCount = false;
    while (drain || received < count) {
      const idleWait = drain && received > 0 ? idleLeft(args.idle!, activeAt, state) : undefined;
      const wait = Math.min(idleWait ?? Infinity, remainingMs(deadlineAt));
      const waitStarted = performance.now();
      let datagram: Uint8Array;
      let addr: Deno.Addr;
      let entry: ReceivedDatagram;
      try {
        [datagram, addr, entry] = await receiveDatagram(peer, state, args.buffer, wait);
      } catch (error) {
        if (error instanceof TimedOut && idleWait !== undefined) {
          // The step's time is up: what has not come is counted lost.
          if (wait !== idleWait) break;
          const now = performance.now();
          if (now - (waitStarted + idleWait) > STALL_SLACK_MS) activeAt = now;
          else if (now - Math.max(activeAt, state.lastSentAt ?? 0) >= args.idle!) break;
          continue;
        }
        if (error instanceof TimedOut) {
          const after = count > 1 ? `, after ${received} of ${count} datagrams` : "";
          throw new TimedOut(
            `${error.message}${after}; ${
              describeDatagramHistory(state.history, `${peer.name}/${step.socket}`)
            }`,
          );
        }
        throw error;
      }
      activeAt = performance.now();
      received++;
      state.replyTo = addr;
      peer.ctx.record.add({
        peer: peer.name,
        conn: step.socket,
        kind: "receive",
        bytes: datagram.length,
        detail: `from ${formatAddr(addr)}`,
      }, datagram);
      checkSender(peer, args.from, addr);
      tracker?.push(datagram);
      if (expected && firstDifference(datagram, expected) >= 0) {
        const what = diagnoseDatagram(entry, state.history, {
          bytes: datagram,
          expected: { bytes: expected },
        });
        throw new StepFailure(`datagram ${received} differs from the expected one${said(what)}`, {
          expected,
          received: datagram.slice(),
        });
      }
      if (length !== undefined && datagram.length !== length) {
        const what = diagnoseDatagram(entry, state.history, { expected: { length } });
        throw new StepFailure(
          `expected a datagram of ${length} bytes, received ${datagram.length} bytes${said(what)}`,
          { received: datagram.slice(0, 256), receivedBytes: datagram.length },
        );
      }
      // Without a regex the capture is the datagram's bytes; with one, text groups.
      const groups = args.match === undefined
        ? [datagram.slice()]
        : matchGroups(peer, args.match, datagram, new TextDecoder().decode(datagram));
      captureAll(peer, args.capture, groups);
      peer.capture(`${step.socket}.sender`, formatAddr(addr));
    }
    if (tracker !== undefined && state.check) state.check.stoppedAtCount = !drain;
  },
});
