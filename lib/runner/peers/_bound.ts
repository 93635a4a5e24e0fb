/**
 * Whether something is bound to an address, seen from outside the process that bound it: the
 * kernel's socket tables (Linux `/proc/net`), or the socket file of a Unix path. Nothing is
 * bound or connected to find out, so the check cannot disturb the server it looks at.
 *
 * @internal
 * @module
 */
import type { Transport } from "../../scenario/model.ts";
import type { Endpoint } from "../../transport/address.ts";

/** State of a listening TCP socket in /proc/net/tcp (TCP_LISTEN). */
const TCP_LISTEN = "0A";

async function tableHasPort(files: string[], port: number, state?: string): Promise<boolean> {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  for (const file of files) {
    const text = await Deno.readTextFile(file);
    for (const line of text.split("\n").slice(1)) {
      const [, local, , st] = line.trim().split(/\s+/);
      if (local?.endsWith(`:${hex}`) && (state === undefined || st === state)) return true;
    }
  }
  return false;
}

/**
 * Whether a socket is bound to `endpoint` on `transport`: a UDP socket or listening TCP socket
 * on its port, or a socket file at its path.
 *
 * @returns undefined when the system cannot tell (no `/proc/net`, or no permission to read it).
 */
export async function isBound(
  endpoint: Endpoint,
  transport: Transport,
): Promise<boolean | undefined> {
  try {
    if ("path" in endpoint) {
      return (await Deno.stat(endpoint.path)).isSocket ?? true;
    }
    return transport === "udp"
      ? await tableHasPort(["/proc/net/udp", "/proc/net/udp6"], endpoint.port)
      : await tableHasPort(["/proc/net/tcp", "/proc/net/tcp6"], endpoint.port, TCP_LISTEN);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound && "path" in endpoint) return false;
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotCapable) {
      return undefined;
    }
    throw error;
  }
}
