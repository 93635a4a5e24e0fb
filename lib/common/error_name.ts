/** Error names: the words scenarios use for errors (`expect_error`). @module */

/**
 * The name a scenario uses for an error: the Deno error class (`ConnectionRefused`), or
 * sockspec's own (`TimedOut`, `UnexpectedEof`, `MessageTooLong` for EMSGSIZE); the value itself
 * as text for what is not an Error.
 *
 * @example
 * ```ts
 * import { errorName } from "./error_name.ts";
 * console.assert(errorName(new Deno.errors.ConnectionRefused("refused")) === "ConnectionRefused");
 * ```
 */
export function errorName(error: unknown): string {
  // EMSGSIZE has no Deno error class: a datagram larger than the protocol allows (udp(7)).
  if (error instanceof Error && /os error 90\)/.test(error.message)) return "MessageTooLong";
  if (error instanceof Error) {
    for (const [name, ctor] of Object.entries(Deno.errors)) {
      if (error instanceof (ctor as ErrorConstructor)) return name;
    }
    return error.name;
  }
  return String(error);
}
