/** `receive`: read from a stream connection and compare, verify or capture. @module */
import { z } from "../../_deps/zod.ts";
import { defineStep } from "./_define.ts";
import { patternField, regexField, sizeField } from "../../common/fields.ts";
import { literalSources } from "./_schema_parts.ts";
import { remainingMs } from "./_define.ts";
import { hasLiteral, literalBytes } from "../payload.ts";
import { DEFAULT_READ_BUFFER_BYTES, type StreamConn } from "../stream_conn.ts";
import type { PeerState } from "../peer_state.ts";
import { Aborted, StepFailure, TimedOut, UnexpectedEof } from "../errors.ts";
import { StreamVerifier } from "../../pattern/mod.ts";
import { concat, firstDifference, indexOf } from "./_bytes.ts";
import { runtimeRegex } from "./_regex.ts";
import { withEchoNote } from "./_echo_note.ts";

/** `receive` in its long form; the short form `receive: "text"` is `{ text }`. */
type ReceiveArgs = Exclude<z.output<typeof schema>, string>;

/** Most bytes held while searching for a delimiter or a match, unless the step sets `max`. */
const DEFAULT_MAX_BYTES = 1024 * 1024;
const decoder = new TextDecoder();

/** Reads one chunk, adding what arrived so far to a timeout's report. */
async function nextChunk(
  conn: StreamConn,
  args: ReceiveArgs,
  deadlineAt: number,
  sofar: Uint8Array[],
): Promise<Uint8Array | null> {
  try {
    return await conn.next(args.buffer ?? DEFAULT_READ_BUFFER_BYTES, remainingMs(deadlineAt));
  } catch (error) {
    if (error instanceof TimedOut) {
      throw new TimedOut(`${error.message}, after ${byteCount(sofar)} bytes`, {
        received: concat(sofar),
      });
    }
    throw error;
  }
}

function byteCount(chunks: Uint8Array[]): number {
  return chunks.reduce((sum, chunk) => sum + chunk.length, 0);
}

/** Reads exactly `expected.length` bytes, failing as soon as a byte differs. */
async function receiveExactly(
  conn: StreamConn,
  args: ReceiveArgs,
  expected: Uint8Array,
  deadlineAt: number,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let got = 0;
  while (got < expected.length) {
    const chunk = await nextChunk(conn, args, deadlineAt, chunks);
    if (chunk === null) {
      throw new UnexpectedEof(
        `EOF after ${got} of ${expected.length} expected bytes`,
        { expected, received: concat(chunks) },
      );
    }
    const take = chunk.subarray(0, expected.length - got);
    conn.unread(chunk.subarray(take.length));
    chunks.push(take);
    const differs = firstDifference(take, expected.subarray(got, got + take.length));
    got += take.length;
    if (differs >= 0) {
      throw new StepFailure(
        `received bytes differ from the expected ones at offset ${got - take.length + differs}`,
        { expected, received: concat(chunks) },
      );
    }
  }
  return concat(chunks);
}

/**
 * Reads `count` bytes of any value, in constant memory: the first `max` (1 MiB) are kept for a
 * capture and the report, the rest only counted.
 */
async function receiveCount(
  conn: StreamConn,
  args: ReceiveArgs,
  count: number,
  deadlineAt: number,
): Promise<Uint8Array> {
  const keep = Math.min(count, args.max ?? DEFAULT_MAX_BYTES);
  const kept: Uint8Array[] = [];
  let got = 0;
  for (;;) {
    if (got >= count) return concat(kept);
    let chunk: Uint8Array | null;
    try {
      chunk = await nextChunk(conn, args, deadlineAt, kept);
    } catch (error) {
      if (!(error instanceof TimedOut)) throw error;
      throw new TimedOut(error.message.replace(/after \d+ bytes$/, `after ${got} bytes`), {
        received: error.received,
      });
    }
    if (chunk === null) {
      throw new UnexpectedEof(`EOF after ${got} of ${count} bytes`, { received: concat(kept) });
    }
    const take = chunk.subarray(0, count - got);
    conn.unread(chunk.subarray(take.length));
    if (got < keep) kept.push(take.slice(0, keep - got));
    got += take.length;
  }
}

/** Reads until EOF, keeping the first `max` bytes. */
async function receiveToEof(
  conn: StreamConn,
  args: ReceiveArgs,
  deadlineAt: number,
): Promise<Uint8Array> {
  const max = args.max ?? DEFAULT_MAX_BYTES;
  const kept: Uint8Array[] = [];
  let held = 0;
  let total = 0;
  for (;;) {
    let chunk: Uint8Array | null;
    try {
      chunk = await nextChunk(conn, args, deadlineAt, kept);
    } catch (error) {
      if (!(error instanceof TimedOut)) throw error;
      // Only the first `max` bytes are kept; say how many arrived in all.
      throw new TimedOut(error.message.replace(/after \d+ bytes$/, `after ${total} bytes`), {
        received: error.received,
      });
    }
    if (chunk === null) return concat(kept);
    total += chunk.length;
    if (held < max) {
      const take = chunk.subarray(0, max - held);
      kept.push(take.slice());
      held += take.length;
    }
  }
}

/** Reads until `found` locates the end of what is wanted in the bytes held so far. */
async function receiveUntil(
  conn: StreamConn,
  args: ReceiveArgs,
  what: string,
  found: (held: Uint8Array) => number,
  deadlineAt: number,
): Promise<Uint8Array> {
  const max = args.max ?? DEFAULT_MAX_BYTES;
  let held: Uint8Array = new Uint8Array(0);
  for (;;) {
    const chunk = await nextChunk(conn, args, deadlineAt, [held]);
    if (chunk === null) {
      throw new UnexpectedEof(`EOF before ${what} (after ${held.length} bytes)`, {
        received: held,
      });
    }
    held = concat([held, chunk]);
    const end = found(held);
    if (end >= 0) {
      conn.unread(held.subarray(end));
      return held.subarray(0, end);
    }
    if (held.length > max) {
      throw new StepFailure(`no ${what} in the first ${max} bytes (set max: to allow more)`, {
        received: held.subarray(0, 4096),
      });
    }
  }
}

/** Checks every byte against the generated pattern and records a stream_check event. */
async function receiveVerified(
  conn: StreamConn,
  peer: PeerState,
  args: ReceiveArgs,
  deadlineAt: number,
): Promise<void> {
  // On an echo, the bytes to expect are the generated bytes this side sent, once it has
  // half-closed; while it may still send (a parallel branch), only `size` says how many.
  const expectedBytes = args.size ??
    (conn.writeClosed && conn.generatedSentBytes > 0 ? conn.generatedSentBytes : undefined);
  const verifier = new StreamVerifier({
    pattern: args.verify ?? "sequence",
    seed: peer.ctx.seed,
    expectedBytes,
  });
  let got = 0;
  // Whether the stream ended for this receive (EOF, a reset) rather than the receive stopping at
  // its size, its timeout or an abort while more may follow: bytes not read then are not lost (a
  // slow peer's bytes may still be on their way).
  let ended = true;
  let timedOut = false;
  try {
    while (args.size === undefined || got < args.size) {
      const chunk = await conn.next(
        args.buffer ?? DEFAULT_READ_BUFFER_BYTES,
        remainingMs(deadlineAt),
      );
      if (chunk === null) {
        // A receive that names its size fails on an early EOF, whatever the checks say.
        if (args.size === undefined) break;
        throw new UnexpectedEof(`EOF after ${got} of ${args.size} bytes`);
      }
      const take = args.size === undefined ? chunk : chunk.subarray(0, args.size - got);
      conn.unread(chunk.subarray(take.length));
      verifier.push(take);
      got += take.length;
    }
    ended = args.size === undefined || got < args.size;
  } catch (error) {
    // Stopped because another part of the run failed: what was not read is not lost.
    if (error instanceof Aborted || error instanceof TimedOut) ended = false;
    timedOut = error instanceof TimedOut;
    if (error instanceof TimedOut) throw new TimedOut(`${error.message}, after ${got} bytes`);
    throw error;
  } finally {
    peer.ctx.record.add({
      peer: peer.name,
      conn: conn.label,
      kind: "stream_check",
      bytes: got,
      // Bytes past where this receive stopped are not lost: they were not read.
      stream: verifier.finish({ ended, timedOut }),
    });
  }
}

function capture(
  peer: PeerState,
  names: string | string[] | undefined,
  values: (string | Uint8Array)[],
): void {
  if (names === undefined) return;
  const list = Array.isArray(names) ? names : [names];
  list.forEach((name, i) => peer.capture(name, values[i] ?? ""));
}

async function receiveMatch(
  conn: StreamConn,
  peer: PeerState,
  args: ReceiveArgs,
  deadlineAt: number,
): Promise<void> {
  const pattern = runtimeRegex(peer.expand(args.match ?? ""));
  let groups: string[] = [];
  await receiveUntil(conn, args, `a match for /${pattern.source}/`, (held) => {
    const text = decoder.decode(held);
    const match = pattern.exec(text);
    if (!match) return -1;
    groups = match.groups.length > 0 ? match.groups : [match.text];
    return new TextEncoder().encode(text.slice(0, match.index + match.text.length)).length;
  }, deadlineAt);
  capture(peer, args.capture, groups);
}

async function receiveData(
  conn: StreamConn,
  peer: PeerState,
  args: ReceiveArgs,
  deadlineAt: number,
): Promise<Uint8Array> {
  const expected = hasLiteral(args)
    ? await literalBytes(args, {
      scenarioFile: peer.ctx.scenario.file,
      expandBytes: (text) => peer.expandBytes(text),
      expand: (text) => peer.expand(text),
    })
    : undefined;
  if (args.once) {
    const chunk = await nextChunk(conn, args, deadlineAt, []);
    if (chunk === null) throw new UnexpectedEof("EOF where one read expected data", { expected });
    if (expected && firstDifference(chunk, expected) >= 0) {
      throw new StepFailure(
        `one read returned ${chunk.length} bytes that differ from the ${expected.length} expected`,
        { expected, received: chunk },
      );
    }
    return chunk;
  }
  if (expected) {
    if (args.until !== "eof") return await receiveExactly(conn, args, expected, deadlineAt);
    const all = await receiveToEof(conn, args, deadlineAt);
    if (firstDifference(all, expected) >= 0) {
      throw new StepFailure("bytes received before EOF differ from the expected ones", {
        expected,
        received: all,
      });
    }
    return all;
  }
  if (args.bytes !== undefined) return await receiveCount(conn, args, args.bytes, deadlineAt);
  if (args.until === "eof") return await receiveToEof(conn, args, deadlineAt);
  const delimiter = new TextEncoder().encode(peer.expand(args.until ?? ""));
  return await receiveUntil(conn, args, `delimiter ${JSON.stringify(args.until)}`, (held) => {
    const at = indexOf(held, delimiter);
    return at < 0 ? -1 : at + delimiter.length;
  }, deadlineAt);
}

const receiveObject = z.strictObject({
  ...literalSources,
  bytes: sizeField.optional().meta({ description: "Read exactly this many bytes" }),
  until: z.string().min(1).optional().meta({
    description: 'Read until this delimiter, or "eof" to read until the peer closes',
  }),
  match: regexField.optional().meta({ description: "Read until this regular expression matches" }),
  verify: patternField.optional().meta({
    description:
      "Check every received byte against the generated pattern (with until: eof or size)",
  }),
  size: sizeField.optional().meta({ description: "Bytes expected with verify" }),
  once: z.boolean().optional().meta({ description: "One read call: returns up to buffer bytes" }),
  buffer: sizeField.optional().meta({ description: "Bytes asked of each read call (64 KiB)" }),
  max: sizeField.optional().meta({ description: "Most bytes to hold while searching (1 MiB)" }),
  capture: z.union([z.string(), z.array(z.string())]).optional().meta({
    description: "Variable(s) to store what was received (regex groups for match)",
  }),
});
const RECEIVE_KEYS = ["text", "hex", "base64", "file", "bytes", "until", "match", "verify", "once"];

/** `receive: "text"` or the long form with at least one way to read. */
const schema = z.union([z.string(), receiveObject]).refine(
  (value) =>
    typeof value === "string" ||
    RECEIVE_KEYS.some((key) => value[key as keyof typeof value] !== undefined),
  { message: `expected one of ${RECEIVE_KEYS.join(", ")}` },
);

/**
 * Receives: exact bytes (text, hex, base64, file), a count of bytes, up to a delimiter, up to a
 * regex match, up to EOF, one read call (`once`), or a generated stream checked byte by byte
 * (`verify`).
 */
export const receiveStep = defineStep({
  schema: schema,
  family: "stream",
  doc: [
    [
      '`receive: "text"` / `{text, hex, base64, file}`',
      "read exactly those bytes; fails at the first differing byte with a diff",
    ],
    [
      "`receive: {bytes: N}`",
      "read exactly N bytes",
    ],
    [
      '`receive: {until: "\\n"}`',
      "read through a delimiter; later bytes stay for the next step",
    ],
    [
      '`receive: {match: "regex"}`',
      "read until the regex matches; `capture` takes its groups",
    ],
    [
      "`receive: {until: eof}`",
      "read until the peer closes (with `text`: compare the whole)",
    ],
    [
      "`receive: {once: true, buffer: 4}`",
      "one read call, returning up to `buffer` bytes",
    ],
    [
      "`receive: {verify: sequence, size}`",
      "check every byte against the generated pattern, until `size` (an EOF before it fails) or EOF",
    ],
  ],
  async run(raw, { step, peer, deadlineAt }) {
    const args: ReceiveArgs = typeof raw === "string" ? { text: raw } : raw;
    const conn = peer.conn(step.socket);
    try {
      if (args.verify) return await receiveVerified(conn, peer, args, deadlineAt);
      if (args.match !== undefined) return await receiveMatch(conn, peer, args, deadlineAt);
      const data = await receiveData(conn, peer, args, deadlineAt);
      // Bytes as received: a capture sent back on is the same bytes, whatever their values.
      capture(peer, args.capture, [data.slice()]);
    } catch (error) {
      if (!(error instanceof TimedOut)) throw withEchoNote(conn, error);
      // The last read was given what was left of the step's time: name the step's timeout.
      const message = error.message.replace(
        /timed out after \d+ ms/,
        `timed out after ${step.timeoutMs} ms`,
      );
      throw withEchoNote(conn, new TimedOut(message, { received: error.received }));
    }
  },
});
