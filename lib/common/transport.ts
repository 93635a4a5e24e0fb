/** Transports: the four kinds of socket sockspec drives. @module */

/** A transport: stream (`tcp`, `unix`) or datagram (`udp`, `unixgram`). */
export type Transport = "tcp" | "udp" | "unix" | "unixgram";

/** Every transport, in the order scenario files and reports name them. */
export const TRANSPORTS: readonly ["tcp", "udp", "unix", "unixgram"] = [
  "tcp",
  "udp",
  "unix",
  "unixgram",
];

/**
 * Whether a transport is a stream (tcp, unix) rather than datagrams (udp, unixgram).
 *
 * @example
 * ```ts
 * import { isStream } from "./transport.ts";
 * console.assert(isStream("unix") && !isStream("unixgram"));
 * ```
 */
export function isStream(transport: Transport): transport is "tcp" | "unix" {
  return transport === "tcp" || transport === "unix";
}
