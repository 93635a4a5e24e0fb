/** `receive_set`: receive a set of datagrams in any order, each matched once. @module */
import { z } from "../../_deps/zod.ts";
import { defineStep, remainingMs } from "./_define.ts";
import { regexField } from "../../common/fields.ts";
import { literalSources } from "./_schema_parts.ts";
import { hasLiteral, literalBytes } from "../payload.ts";
import type { PeerState } from "../peer_state.ts";
import { StepFailure, TimedOut } from "../errors.ts";
import { checkSender, datagramSocket, receiveDatagram } from "./_datagram_socket.ts";
import { diagnoseDatagram } from "../datagram_diagnosis.ts";
import type { ReceivedDatagram } from "../datagram_history.ts";
import { formatAddr } from "../../transport/address.ts";
import { firstDifference } from "./_bytes.ts";
import { runtimeRegex } from "./_regex.ts";

/** ` (what the socket's history says of the datagram)`, or nothing. */
function said(diagnosis: string | undefined): string {
  return diagnosis === undefined ? "" : ` (${diagnosis})`;
}

/** One expected datagram: its bytes (text, hex, base64, file), or a regex its text matches. */
const expectedDatagram = z.union([
  z.string(),
  z.strictObject({
    ...literalSources,
    match: regexField.optional().meta({ description: "Regular expression the datagram matches" }),
  }).refine(
    (value) => Object.values(value).filter((v) => v !== undefined).length === 1,
    { message: "expected exactly one of text, hex, base64, file, match" },
  ).meta({
    // The same rule for the JSON Schema, which cannot see a refine.
    oneOf: ["text", "hex", "base64", "file", "match"].map((key) => ({ required: [key] })),
  }),
]);

const schema = z.strictObject({
  datagrams: z.array(expectedDatagram).min(1).max(10_000).meta({
    description: 'The datagrams, in any order: "text", {hex}, {base64}, {file} or {match}',
  }),
  from: z.string().optional().meta({ description: "Peer every datagram must come from" }),
});

type Expected = z.output<typeof expectedDatagram>;

/** An expected datagram, ready to compare: its bytes, or a regex on its text. */
interface Matcher {
  label: string;
  test(datagram: Uint8Array, text: string): boolean;
}

async function matcherOf(peer: PeerState, expected: Expected): Promise<Matcher> {
  const source = typeof expected === "string" ? { text: expected } : expected;
  if (!hasLiteral(source)) {
    // RE2, as every step's pattern: linear time whatever the peer sends.
    const regex = runtimeRegex(peer.expand(source.match ?? ""));
    return { label: `/${regex.source}/`, test: (_, text) => regex.test(text) };
  }
  const bytes = await literalBytes(source, {
    scenarioFile: peer.ctx.scenario.file,
    expand: (text) => peer.expand(text),
    expandBytes: (text) => peer.expandBytes(text),
  });
  const label = source.text !== undefined
    ? JSON.stringify(peer.expand(source.text))
    : `${bytes.length} byte${bytes.length === 1 ? "" : "s"} (${
      source.hex !== undefined ? "hex" : "base64 or file"
    })`;
  return { label, test: (datagram) => firstDifference(datagram, bytes) < 0 };
}

/**
 * Receives as many datagrams as `datagrams` lists, in any order: each must match one expected
 * datagram not matched yet (a duplicate of one already received fails, as does one that matches
 * none). Datagram transports keep boundaries but UDP does not keep order (RFC 768): this says
 * "these, in any order" where `receive_from` steps say "this, then this".
 */
export const receiveSetStep = defineStep({
  schema,
  family: "datagram",
  doc: [[
    '`receive_set: {datagrams: ["a", {hex}, {match}], from}`',
    "receive that many datagrams in any order, each matching a different one of the list",
  ]],
  async run(args, { step, peer, deadlineAt }) {
    const state = datagramSocket(peer, step.socket);
    const waiting = await Promise.all(args.datagrams.map((d) => matcherOf(peer, d)));
    const matched: Matcher[] = [];
    const decoder = new TextDecoder();
    while (waiting.length > 0) {
      let datagram: Uint8Array;
      let addr: Deno.Addr;
      let entry: ReceivedDatagram;
      try {
        [datagram, addr, entry] = await receiveDatagram(
          peer,
          state,
          undefined,
          remainingMs(deadlineAt),
        );
      } catch (error) {
        if (!(error instanceof TimedOut)) throw error;
        throw new TimedOut(
          `${error.message}: ${waiting.length} of ${args.datagrams.length} datagrams did not come: ${
            waiting.map((m) => m.label).join(", ")
          }`,
        );
      }
      state.replyTo = addr;
      peer.ctx.record.add({
        peer: peer.name,
        conn: step.socket,
        kind: "receive",
        bytes: datagram.length,
        detail: `from ${formatAddr(addr)}`,
      });
      checkSender(peer, args.from, addr);
      const text = decoder.decode(datagram);
      const at = waiting.findIndex((m) => m.test(datagram, text));
      if (at < 0) {
        const again = matched.find((m) => m.test(datagram, text));
        throw new StepFailure(
          again
            ? `datagram ${
              matched.length + 1
            } matches ${again.label} again: each expected datagram is matched once`
            : `datagram ${matched.length + 1} matches none of the ${waiting.length} still expected${
              said(diagnoseDatagram(entry, state.history))
            }: ${waiting.map((m) => m.label).join(", ")}`,
          { received: datagram.slice(0, 256), receivedBytes: datagram.length },
        );
      }
      matched.push(waiting.splice(at, 1)[0]);
    }
  },
});
