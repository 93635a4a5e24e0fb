/** `receive_from`: receive datagrams and compare, verify or capture them. @module */
import { z } from "../../_deps/zod.ts";
import { defineStep } from "./_define.ts";
import { durationField, regexField, sizeField } from "../../common/fields.ts";
import { literalSources } from "./_schema_parts.ts";
import { remainingMs } from "./_define.ts";
import { hasLiteral, literalBytes } from "../payload.ts";
import type { DatagramSocket, PeerState } from "../peer_state.ts";
import { DatagramTracker } from "../../pattern/mod.ts";
import { deadline } from "../deadline.ts";
import { StepFailure, TimedOut } from "../errors.ts";
import { datagramSocket } from "./_datagram_socket.ts";
import { firstDifference } from "./_bytes.ts";
import { formatAddr } from "../../transport/address.ts";

/** `receive_from` arguments; `receive_from: {}` or null receives one datagram of any content. */
type ReceiveFromArgs = NonNullable<z.output<typeof schema>>;

/** Receive buffer of a datagram step unless it sets `buffer`: the largest UDP payload fits. */
const DEFAULT_DATAGRAM_BUFFER_BYTES = 65536;

async function receiveOne(
  peer: PeerState,
  state: DatagramSocket,
  args: ReceiveFromArgs,
  timeoutMs: number,
): Promise<[Uint8Array, Deno.Addr]> {
  if (!state.inflight) {
    const buffer = new Uint8Array(args.buffer ?? DEFAULT_DATAGRAM_BUFFER_BYTES);
    state.inflight = peer.ctx.pending(state.socket.receive(buffer));
  }
  const result = await deadline(state.inflight, timeoutMs, `receive_from on ${peer.name}`);
  state.inflight = undefined;
  return result;
}

function checkSender(peer: PeerState, from: string | undefined, addr: Deno.Addr): void {
  if (from === undefined) return;
  const endpoint = peer.ctx.endpoints.get(from);
  const expected = endpoint
    ? ("path" in endpoint ? endpoint.path : `${endpoint.host}:${endpoint.port}`)
    : peer.expand(from);
  if (formatAddr(addr) !== expected) {
    throw new StepFailure(`expected a datagram from ${expected}, it came from ${formatAddr(addr)}`);
  }
}

function matchGroups(
  peer: PeerState,
  pattern: string,
  datagram: Uint8Array,
  text: string,
): string[] {
  const regex = new RegExp(peer.expand(pattern));
  const match = regex.exec(text);
  if (!match) {
    throw new StepFailure(`datagram does not match /${regex.source}/`, {
      received: datagram.slice(),
    });
  }
  return match.length > 1 ? match.slice(1) : [match[0]];
}

function captureAll(peer: PeerState, names: string | string[] | undefined, values: string[]): void {
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
  bytes: sizeField.optional().meta({ description: "Expected datagram length" }),
  match: regexField.optional().meta({
    description: "Regular expression each datagram must match",
  }),
  capture: z.union([z.string(), z.array(z.string())]).optional().meta({
    description: "Variable(s) for the last datagram's text, or the groups of match",
  }),
}).nullable();

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
        expand: (t) => peer.expand(t),
      })
      : undefined;
    const count = args.count ?? 1;
    if (args.verify) {
      state.check ??= { tracker: new DatagramTracker({ seed: peer.ctx.seed }), expected: 0 };
      state.check.expected += count;
    }
    const tracker = args.verify ? state.check?.tracker : undefined;
    // With idle, keep receiving until the flow goes quiet, so late duplicates are counted too.
    const drain = tracker !== undefined && args.idle !== undefined;
    let received = 0;
    if (state.check) state.check.stoppedAtCount = false;
    while (drain || received < count) {
      const wait = drain && received > 0
        ? Math.min(args.idle!, remainingMs(deadlineAt))
        : remainingMs(deadlineAt);
      let datagram: Uint8Array;
      let addr: Deno.Addr;
      try {
        [datagram, addr] = await receiveOne(peer, state, args, wait);
      } catch (error) {
        if (error instanceof TimedOut && drain && received > 0) break;
        if (error instanceof TimedOut && count > 1) {
          throw new TimedOut(`${error.message}, after ${received} of ${count} datagrams`);
        }
        throw error;
      }
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
        throw new StepFailure(`datagram ${received} differs from the expected one`, {
          expected,
          received: datagram.slice(),
        });
      }
      if (args.bytes !== undefined && datagram.length !== args.bytes) {
        throw new StepFailure(
          `expected a datagram of ${args.bytes} bytes, received ${datagram.length} bytes`,
          { received: datagram.slice(0, 256) },
        );
      }
      const text = new TextDecoder().decode(datagram);
      const groups = args.match === undefined
        ? [text]
        : matchGroups(peer, args.match, datagram, text);
      captureAll(peer, args.capture, groups);
      peer.capture(`${step.socket}.sender`, formatAddr(addr));
    }
    if (tracker !== undefined && state.check) state.check.stoppedAtCount = !drain;
  },
});
