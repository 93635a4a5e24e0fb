/** A daytime-style greeting (RFC 867): a line on connect, then close. @module */
import type { Builtin } from "./_types.ts";
import { sendRecorded } from "./_pump.ts";

const encoder = new TextEncoder();

function greetingOf(text: string | undefined): Uint8Array {
  return encoder.encode(text ?? `${new Date().toUTCString()}\r\n`);
}

/**
 * Sends `greeting` (default: the date, as daytime does) as soon as a client connects, then
 * half-closes. Answers any datagram with the greeting.
 */
export const greeting: Builtin = {
  async serveStream(conn, label, ctx) {
    await sendRecorded(conn, greetingOf(ctx.options.greeting), { label, offset: 0, ctx });
    await conn.closeWrite().catch(() => {});
  },
  datagrams: (ctx) => ({ answer: () => greetingOf(ctx.options.greeting) }),
};
