/** `send_to`: send datagrams. @module */
import { z } from "../../_deps/zod.ts";
import { defineStep } from "./_define.ts";
import { durationField } from "../../common/fields.ts";
import { endpoint, exactlyOne, literalSources, sizeOrVariable } from "./_schema_parts.ts";
import { resolveSize } from "./_size.ts";
import { remainingMs } from "./_define.ts";
import { hasLiteral, literalBytes } from "../payload.ts";
import { resolveTarget } from "../endpoint.ts";
import { datagramAddr } from "../../transport/datagram.ts";
import { DATAGRAM_HEADER_BYTES, encodeDatagram } from "../../pattern/mod.ts";
import { deadline } from "../deadline.ts";
import { datagramSocket } from "./_datagram_socket.ts";
import { sleepUnlessAborted } from "./_sleep.ts";
import { formatAddr } from "../../transport/address.ts";

type SendToArgs = z.output<typeof schema>;

function hasTarget(args: SendToArgs): boolean {
  return args.to !== undefined || args.port !== undefined || args.path !== undefined;
}

const datagramSource = z.strictObject({
  ...endpoint,
  ...literalSources,
  generate: sizeOrVariable({
    test: (size) => size >= DATAGRAM_HEADER_BYTES,
    message:
      `expected at least ${DATAGRAM_HEADER_BYTES} bytes: a generated datagram starts with a ${DATAGRAM_HEADER_BYTES}-byte header (sequence number, length, checksum); for a zero-length datagram write text: ""`,
  }).optional().meta({
    description: "Size of each generated datagram (16 bytes or more), or a {variable}",
  }),
  count: z.int().min(1).optional().meta({ description: "How many generated datagrams (1)" }),
  pause: durationField.optional(),
  capture: z.string().regex(/^[A-Za-z_][\w.]*$/, "expected a variable name").optional().meta({
    description: "Variable for the byte count the last send call returned",
  }),
});

/** One literal datagram, or generated ones. */
const schema = datagramSource.refine(
  exactlyOne(["text", "hex", "base64", "file", "generate"]),
  { message: "expected exactly one of text, hex, base64, file, generate" },
);

/**
 * Sends one literal datagram, or `count` generated ones of `generate` bytes each carrying a
 * sequence number. Without a target it answers the last sender, or else sends to the server.
 * Sending to a port with no listener does not fail: UDP has no connection (RFC 768).
 */
export const sendToStep = defineStep({
  schema: schema,
  family: "datagram",
  doc: [
    [
      "`send_to: {text, hex, base64, file, to, port, path, capture}`",
      'send one datagram (default target: the last sender, else the server); `text: ""` sends a zero-length one',
    ],
    [
      "`send_to: {generate: 512, count: 1000, pause}`",
      "send generated datagrams with sequence numbers (16 bytes or more: the header)",
    ],
  ],
  async run(args, { step, peer, deadlineAt }) {
    const state = datagramSocket(peer, step.socket);
    const to = !hasTarget(args) && state.replyTo
      ? state.replyTo
      : datagramAddr(resolveTarget(args, peer));
    const literal = hasLiteral(args)
      ? await literalBytes(args, {
        scenarioFile: peer.ctx.scenario.file,
        expandBytes: (text) => peer.expandBytes(text),
        expand: (text) => peer.expand(text),
      })
      : undefined;
    const count = literal ? 1 : args.count ?? 1;
    const size = args.generate === undefined
      ? 0
      : resolveSize(peer, args.generate, "send_to.generate", DATAGRAM_HEADER_BYTES);
    for (let i = 0; i < count; i++) {
      const seq = literal ? undefined : state.nextSeq++;
      const datagram = literal ??
        encodeDatagram(seq!, { sizeBytes: size, seed: peer.ctx.seed });
      const sent = await deadline(
        peer.ctx.pending(state.socket.send(datagram, to)),
        remainingMs(deadlineAt),
        `send_to ${formatAddr(to)}`,
      );
      state.lastSentAt = performance.now();
      state.history.sent(datagram.subarray(0, sent));
      peer.ctx.record.add({
        peer: peer.name,
        conn: step.socket,
        kind: "send",
        bytes: sent,
        seq,
        detail: `to ${formatAddr(to)}`,
      }, datagram.subarray(0, sent));
      if (args.capture !== undefined) peer.capture(args.capture, sent);
      if (args.pause && i + 1 < count) await sleepUnlessAborted(args.pause, peer.ctx.signal);
    }
  },
});
