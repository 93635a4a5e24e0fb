/**
 * `echo`: send a payload and expect exactly it back, on any transport. On a stream (tcp, unix) it
 * connects if the connection is not open yet, writes the payload in pieces while it reads the
 * echo (so neither side waits on a full buffer), and checks every byte as it arrives; on
 * datagrams (udp, unixgram) each piece is one datagram, sent and received back in windows. It
 * can bound the time to the first and to the last byte back: the latency of a non-interactive
 * transfer.
 *
 * @example One scenario, four transports
 * ```yaml
 * transport: [tcp, unix, udp, unixgram]
 * server: { builtin: echo }
 * client:
 *   - echo: { generate: 64KiB, chunk: 512, last_byte_within: 2s }
 * ```
 *
 * @module
 */
import { z } from "../../_deps/zod.ts";
import { defineStep, remainingMs } from "./_define.ts";
import { durationField, patternField, sizeField } from "../../common/fields.ts";
import { exactlyOne, literalSources } from "./_schema_parts.ts";
import type { Step } from "../../model/scenario.ts";
import { isStream } from "../../common/transport.ts";
import { hasLiteral, literalBytes } from "../payload.ts";
import type { DatagramSocket, PeerState } from "../peer_state.ts";
import type { StreamConn } from "../stream_conn.ts";
import {
  DATAGRAM_HEADER_BYTES,
  DatagramTracker,
  decodeDatagram,
  encodeDatagram,
  fillPattern,
  StreamVerifier,
} from "../../pattern/mod.ts";
import { Aborted, StepFailure, TimedOut } from "../errors.ts";
import { deadline } from "../deadline.ts";
import { connectStep } from "./connect.ts";
import { closeWriteStep } from "./close_write.ts";
import { datagramSocket, receiveDatagram } from "./_datagram_socket.ts";
import { diagnoseDatagram } from "../datagram_diagnosis.ts";
import { sleepUnlessAborted } from "./_sleep.ts";
import { resolveTarget } from "../endpoint.ts";
import { datagramAddr } from "../../transport/datagram.ts";
import { formatAddr } from "../../transport/address.ts";
import { concat, firstDifference } from "./_bytes.ts";

const ECHO_SOURCES = ["text", "hex", "base64", "file", "generate"];

/** `echo: "text"` or the long form with one source. */
const schema = z.union([
  z.string(),
  z.strictObject({
    ...literalSources,
    generate: sizeField.optional().meta({ description: "Bytes of generated pattern to echo" }),
    pattern: patternField.default("sequence"),
    chunk: sizeField.optional().meta({
      description: "Bytes a write on a stream, a datagram on datagrams (64 KiB; 512 B)",
    }),
    pause: durationField.optional().meta({ description: "Pause between pieces" }),
    window: z.int().min(1).optional().meta({
      description: "Datagrams sent before their echoes are received (8 on unixgram, 32 on udp)",
    }),
    idle: durationField.optional().meta({
      description: "Datagrams: stop waiting for a window's echoes after this long without one (2s)",
    }),
    close_write: z.boolean().optional().meta({
      description: "Streams: half-close after the last write (an echo may hold bytes until more " +
        "come, or the end)",
    }),
    first_byte_within: durationField.optional().meta({
      description: "Most time from the first write to the first byte back",
    }),
    last_byte_within: durationField.optional().meta({
      description: "Most time from the first write to the last byte back",
    }),
  }).refine(exactlyOne(ECHO_SOURCES), {
    message: `expected exactly one of ${ECHO_SOURCES.join(", ")}`,
  }),
]);

/** `echo` in its long form; the short form `echo: "text"` is `{ text }`. */
type EchoArgs = Exclude<z.output<typeof schema>, string>;

/** Bytes a write when the step sets no `chunk`, on a stream. */
const STREAM_CHUNK_BYTES = 64 * 1024;
/** Bytes a generated datagram when the step sets no `chunk`. */
const DATAGRAM_BYTES = 512;
/** Datagrams in flight: below net.unix.max_dgram_qlen (10) on unixgram. */
const WINDOW = { udp: 32, unixgram: 8 } as const;
/** How long a window waits for the next echoed datagram before counting the rest lost, in ms. */
const DEFAULT_IDLE_MS = 2000;
const READ_BUFFER_BYTES = 64 * 1024;

/** When the echo's first and last bytes came back, in ms after the first write. */
interface Timing {
  started: number;
  firstMs?: number;
  lastMs?: number;
}

function arrived(timing: Timing): void {
  timing.firstMs ??= performance.now() - timing.started;
}

/** Checks the bounds and records when the first and last bytes came back. */
function finishTiming(peer: PeerState, step: Step, args: EchoArgs, timing: Timing, bytes: number) {
  timing.lastMs = performance.now() - timing.started;
  const first = timing.firstMs ?? timing.lastMs;
  peer.ctx.record.add({
    peer: peer.name,
    conn: step.socket,
    kind: "step",
    bytes,
    detail: `echo of ${bytes} bytes: first byte back after ${first.toFixed(1)} ms, last after ${
      timing.lastMs.toFixed(1)
    } ms`,
  });
  if (args.first_byte_within !== undefined && first > args.first_byte_within) {
    throw new StepFailure(
      `the first byte came back ${first.toFixed(1)} ms after the first write, later than ` +
        `first_byte_within ${args.first_byte_within} ms`,
    );
  }
  if (args.last_byte_within !== undefined && timing.lastMs > args.last_byte_within) {
    throw new StepFailure(
      `the last of ${bytes} bytes came back ${timing.lastMs.toFixed(1)} ms after the first write ` +
        `(the first after ${first.toFixed(1)} ms), later than last_byte_within ` +
        `${args.last_byte_within} ms`,
    );
  }
}

// ------------------------------------------------------------------------------------- streams

/** Writes `total` bytes in pieces, filled by `fill`. */
async function writeAll(
  conn: StreamConn,
  peer: PeerState,
  step: Step,
  args: EchoArgs,
  total: number,
  fill: (piece: Uint8Array, at: number) => void,
  deadlineAt: number,
): Promise<void> {
  const chunk = args.chunk ?? STREAM_CHUNK_BYTES;
  const buffer = new Uint8Array(Math.max(1, Math.min(chunk, total)));
  for (let at = 0; at < total; at += chunk) {
    const piece = buffer.subarray(0, Math.min(chunk, total - at));
    fill(piece, at);
    await conn.send(piece, remainingMs(deadlineAt));
    if (args.pause && at + chunk < total) await sleepUnlessAborted(args.pause, peer.ctx.signal);
  }
  if (args.close_write) await closeWriteStep.run(nestedCall(step, peer, deadlineAt));
}

/** Reads exactly `total` bytes, handing each piece to `check`. */
async function readAll(
  conn: StreamConn,
  total: number,
  timing: Timing,
  check: (piece: Uint8Array, at: number) => void,
  deadlineAt: number,
): Promise<void> {
  let got = 0;
  while (got < total) {
    let chunk: Uint8Array | null;
    try {
      chunk = await conn.next(READ_BUFFER_BYTES, remainingMs(deadlineAt));
    } catch (error) {
      if (error instanceof TimedOut) {
        throw new TimedOut(`${error.message}, after ${got} of the ${total} bytes sent`);
      }
      throw error;
    }
    if (chunk === null) {
      throw new StepFailure(`EOF after ${got} of the ${total} bytes sent came back`);
    }
    arrived(timing);
    const take = chunk.subarray(0, total - got);
    conn.unread(chunk.subarray(take.length));
    check(take, got);
    got += take.length;
  }
}

/** A call of another step kind's runner on this step's socket, without arguments. */
function nestedCall(step: Step, peer: PeerState, deadlineAt: number) {
  // The nested kinds hold no steps: runSteps is never called.
  const runSteps = () => Promise.reject(new Error("echo runs no nested steps"));
  return { step: { ...step, args: null }, peer, deadlineAt, runSteps };
}

async function echoStream(
  step: Step,
  args: EchoArgs,
  peer: PeerState,
  deadlineAt: number,
): Promise<void> {
  if (!peer.conns.has(step.socket)) await connectStep.run(nestedCall(step, peer, deadlineAt));
  const conn = peer.conn(step.socket);
  const literal = hasLiteral(args)
    ? await literalBytes(args, {
      scenarioFile: peer.ctx.scenario.file,
      expand: (text) => peer.expand(text),
    })
    : undefined;
  const total = literal?.length ?? args.generate ?? 0;
  // Each echo on a connection is a stream of its own, from offset 0, told apart by its seed.
  const seed = (peer.ctx.seed + conn.sentBytes) >>> 0;
  const timing: Timing = { started: performance.now() };
  if (literal) {
    const received: Uint8Array[] = [];
    await Promise.all([
      writeAll(
        conn,
        peer,
        step,
        args,
        total,
        (piece, at) => piece.set(literal.subarray(at, at + piece.length)),
        deadlineAt,
      ),
      readAll(conn, total, timing, (piece, at) => {
        received.push(piece.slice());
        if (firstDifference(piece, literal.subarray(at, at + piece.length)) >= 0) {
          throw new StepFailure("the echo differs from what was sent", {
            expected: literal,
            received: concat(received),
          });
        }
      }, deadlineAt),
    ]);
  } else {
    const verifier = new StreamVerifier({ pattern: args.pattern, seed, expectedBytes: total });
    conn.willGenerate(total);
    let got = 0;
    let stopped: unknown;
    try {
      await Promise.all([
        writeAll(conn, peer, step, args, total, (piece, at) => {
          fillPattern(piece, { pattern: args.pattern, offsetBytes: at, seed });
        }, deadlineAt),
        readAll(conn, total, timing, (piece) => {
          verifier.push(piece);
          got += piece.length;
        }, deadlineAt),
      ]);
    } catch (error) {
      stopped = error;
      throw error;
    } finally {
      // The stream ended at an EOF, a reset or a broken pipe. An echo that stops at the bytes
      // sent, or an abort, leaves the bytes past what was read unread (a duplicating peer's last
      // ones); at a timeout they are late (lost, or still on their way from a slow peer).
      const timedOut = stopped instanceof TimedOut;
      const ended = conn.eof ||
        (stopped !== undefined && !timedOut && !(stopped instanceof Aborted));
      peer.ctx.record.add({
        peer: peer.name,
        conn: step.socket,
        kind: "stream_check",
        bytes: got,
        stream: verifier.finish({ ended, timedOut }),
      });
    }
  }
  finishTiming(peer, step, args, timing, total);
}

// ----------------------------------------------------------------------------------- datagrams

async function sendDatagram(
  peer: PeerState,
  step: Step,
  state: DatagramSocket,
  datagram: Uint8Array,
  seq: number | undefined,
  deadlineAt: number,
): Promise<void> {
  const to = datagramAddr(resolveTarget(null, peer));
  const sent = await deadline(
    peer.ctx.pending(state.socket.send(datagram, to)),
    remainingMs(deadlineAt),
    `echo to ${formatAddr(to)}`,
  );
  state.history.sent(datagram.subarray(0, sent));
  peer.ctx.record.add({
    peer: peer.name,
    conn: step.socket,
    kind: "send",
    bytes: sent,
    seq,
    detail: `to ${formatAddr(to)}`,
  });
}

function recordReceive(peer: PeerState, step: Step, datagram: Uint8Array): void {
  peer.ctx.record.add({
    peer: peer.name,
    conn: step.socket,
    kind: "receive",
    bytes: datagram.length,
  });
}

async function echoDatagrams(
  step: Step,
  args: EchoArgs,
  peer: PeerState,
  deadlineAt: number,
): Promise<void> {
  const state = datagramSocket(peer, step.socket);
  const timing: Timing = { started: performance.now() };
  if (hasLiteral(args)) {
    const literal = await literalBytes(args, {
      scenarioFile: peer.ctx.scenario.file,
      expand: (text) => peer.expand(text),
    });
    await sendDatagram(peer, step, state, literal, undefined, deadlineAt);
    const next = () => receiveDatagram(peer, state, undefined, remainingMs(deadlineAt), "echo");
    let [datagram, , entry] = await next();
    // A late echo of an earlier generated flow on this socket is the flow's, not this reply.
    while (state.check && decodeDatagram(datagram, peer.ctx.seed).problem !== "foreign") {
      recordReceive(peer, step, datagram);
      state.check.tracker.push(datagram);
      [datagram, , entry] = await next();
    }
    arrived(timing);
    recordReceive(peer, step, datagram);
    if (firstDifference(datagram, literal) >= 0) {
      const what = diagnoseDatagram(entry, state.history, {
        bytes: datagram,
        expected: { bytes: literal },
      });
      throw new StepFailure(
        `the echoed datagram differs from the one sent${what ? ` (${what})` : ""}`,
        { expected: literal, received: datagram.slice() },
      );
    }
    finishTiming(peer, step, args, timing, literal.length);
    return;
  }
  const size = Math.max(DATAGRAM_HEADER_BYTES, args.chunk ?? DATAGRAM_BYTES);
  const total = args.generate ?? 0;
  const count = Math.ceil(total / size);
  state.check ??= { tracker: new DatagramTracker({ seed: peer.ctx.seed }), expected: 0 };
  const tracker = state.check.tracker;
  state.check.expected += count;
  const window = args.window ?? WINDOW[peer.ctx.transport as "udp" | "unixgram"];
  const idle = args.idle ?? DEFAULT_IDLE_MS;
  let backInTime = 0;
  for (let done = 0; done < count; done += window) {
    const n = Math.min(window, count - done);
    for (let i = 0; i < n; i++) {
      const seq = state.nextSeq++;
      const last = done + i === count - 1;
      const bytes = last && total % size >= DATAGRAM_HEADER_BYTES ? total % size : size;
      const datagram = encodeDatagram(seq, { sizeBytes: bytes, seed: peer.ctx.seed });
      await sendDatagram(peer, step, state, datagram, seq, deadlineAt);
      if (args.pause) await sleepUnlessAborted(args.pause, peer.ctx.signal);
    }
    // Receive the window's echoes; a datagram that does not come within `idle` counts as lost.
    let received = 0;
    for (; received < n; received++) {
      let datagram: Uint8Array;
      try {
        [datagram] = await receiveDatagram(
          peer,
          state,
          undefined,
          Math.min(idle, remainingMs(deadlineAt)),
          "echo",
        );
      } catch (error) {
        if (!(error instanceof TimedOut)) throw error;
        if (performance.now() < deadlineAt) break;
        throw new TimedOut(
          `${backInTime} of the ${count} datagrams sent came back within the step's timeout of ` +
            `${step.timeoutMs} ms`,
        );
      }
      backInTime++;
      arrived(timing);
      recordReceive(peer, step, datagram);
      tracker.push(datagram);
    }
    if (received < n && peer.ctx.transport === "unixgram" && done + n < count) {
      // The receive still waits, and Deno cannot send on a Unix datagram socket meanwhile
      // (denoland/deno#6290): the datagrams not sent are not counted as lost.
      state.check.expected -= count - (done + n);
      throw new StepFailure(
        `${received} of the ${n} datagrams of a window came back within ${idle} ms; the echo ` +
          `stops after ${done + n} of ${count} datagrams (on unixgram a socket cannot send ` +
          `while its receive waits, denoland/deno#6290)`,
      );
    }
  }
  finishTiming(peer, step, args, timing, total);
}

/** Sends the payload and expects exactly it back: on a stream, or as datagrams. */
export const echoStep = defineStep({
  schema,
  family: "any",
  doc: [
    [
      '`echo: "text"` / `{generate, chunk, close_write}`',
      "any transport: send, expect exactly it back; a stream reads while writing, datagrams go in windows",
    ],
    [
      "`echo: {..., first_byte_within, last_byte_within}`",
      "bound the time from the first write to the first and to the last byte back (a non-interactive transfer)",
    ],
  ],
  async run(raw, { step, peer, deadlineAt }) {
    const args: EchoArgs = typeof raw === "string" ? { text: raw, pattern: "sequence" } : raw;
    if (isStream(peer.ctx.transport)) await echoStream(step, args, peer, deadlineAt);
    else await echoDatagrams(step, args, peer, deadlineAt);
  },
});
