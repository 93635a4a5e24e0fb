/** `send_to`: send datagrams. @module */
import type { StepRunner } from "./_types.ts";
import { remainingMs } from "./_types.ts";
import { hasLiteral, literalBytes, type LiteralSource } from "../payload.ts";
import { resolveTarget, type TargetArgs } from "../endpoint.ts";
import { datagramAddr } from "../../transport/datagram.ts";
import { encodeDatagram } from "../../pattern/mod.ts";
import { deadline } from "../deadline.ts";
import { datagramSocket } from "./_datagram_socket.ts";
import { sleepUnlessAborted } from "./_sleep.ts";
import { formatAddr } from "../../transport/address.ts";

interface SendToArgs extends TargetArgs, LiteralSource {
  generate?: number;
  count?: number;
  pause?: number;
}

function hasTarget(args: SendToArgs): boolean {
  return args.to !== undefined || args.port !== undefined || args.path !== undefined;
}

/**
 * Sends one literal datagram, or `count` generated ones of `generate` bytes each carrying a
 * sequence number. Without a target it answers the last sender, or else sends to the server.
 * Sending to a port with no listener does not fail: UDP has no connection (RFC 768).
 */
export const sendTo: StepRunner = async (step, peer, deadlineAt) => {
  const args = step.args as SendToArgs;
  const state = datagramSocket(peer, step.conn);
  const to = !hasTarget(args) && state.replyTo
    ? state.replyTo
    : datagramAddr(resolveTarget(args, peer));
  const literal = hasLiteral(args)
    ? await literalBytes(args, {
      scenarioFile: peer.ctx.scenario.file,
      expand: (text) => peer.expand(text),
    })
    : undefined;
  const count = literal ? 1 : args.count ?? 1;
  for (let i = 0; i < count; i++) {
    const seq = literal ? undefined : state.nextSeq++;
    const datagram = literal ??
      encodeDatagram(seq!, { sizeBytes: args.generate ?? 0, seed: peer.ctx.seed });
    const sent = await deadline(
      peer.ctx.pending(state.socket.send(datagram, to)),
      remainingMs(deadlineAt),
      `send_to ${formatAddr(to)}`,
    );
    state.lastSentAt = performance.now();
    peer.ctx.record.add({
      peer: peer.name,
      conn: step.conn,
      kind: "send",
      bytes: sent,
      seq,
      detail: `to ${formatAddr(to)}`,
    });
    if (args.pause && i + 1 < count) await sleepUnlessAborted(args.pause, peer.ctx.signal);
  }
};
