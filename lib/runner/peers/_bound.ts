/**
 * Whether something is bound to an address, seen from outside the process that bound it: the
 * kernel's socket tables (Linux `/proc/net`), or the socket file of a Unix path. Nothing is
 * bound or connected to find out, so the check cannot disturb the server it looks at.
 *
 * Deno reads nothing under /proc without --allow-all, so the tables are read by `cat`, which
 * the --allow-run that command peers need already allows.
 *
 * @internal
 * @module
 */
import { isIPv4, isIPv6 } from "node:net";
import type { Transport } from "../../common/transport.ts";
import type { Endpoint } from "../../transport/address.ts";

/** State of a listening TCP socket in /proc/net/tcp (TCP_LISTEN). */
const TCP_LISTEN = "0A";

/** 16 bytes of an IPv6 address literal (no embedded IPv4 part), or undefined. */
function ipv6Bytes(host: string): number[] | undefined {
  const [head, tail, ...rest] = host.split("::");
  if (rest.length > 0) return undefined;
  const words = (part: string | undefined) => (part ? part.split(":") : []);
  const left = words(head);
  const right = words(tail);
  const all = tail === undefined
    ? left
    : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  if (all.length !== 8 || all.some((w) => !/^[0-9a-f]{1,4}$/i.test(w))) return undefined;
  return all.flatMap((w) => [parseInt(w, 16) >> 8, parseInt(w, 16) & 0xff]);
}

/**
 * `host` as /proc/net writes local addresses: each 32-bit word of the address in the kernel's
 * (little-endian) byte order, in upper-case hex.
 */
function procHex(bytes: number[]): string {
  const hex: string[] = [];
  for (let i = 0; i < bytes.length; i += 4) {
    for (const byte of bytes.slice(i, i + 4).reverse()) {
      hex.push(byte.toString(16).toUpperCase().padStart(2, "0"));
    }
  }
  return hex.join("");
}

/** How /proc/net writes the addresses that serve `host`: itself and the wildcard. */
function servingAddresses(host: string): Set<string> | undefined {
  if (isIPv4(host)) {
    const bytes = host.split(".").map(Number);
    return new Set([procHex(bytes), "00000000", "0".repeat(32)]);
  }
  const bytes = isIPv6(host) ? ipv6Bytes(host) : undefined;
  return bytes && new Set([procHex(bytes), "0".repeat(32)]);
}

async function tableHas(
  files: string[],
  endpoint: { host: string; port: number },
  state?: string,
): Promise<boolean | undefined> {
  const addresses = servingAddresses(endpoint.host);
  if (!addresses) return undefined;
  const port = endpoint.port.toString(16).toUpperCase().padStart(4, "0");
  const text = await readTables(files);
  if (text === undefined) return undefined;
  for (const line of text.split("\n")) {
    const [, local, , st] = line.trim().split(/\s+/);
    const [address, localPort] = local?.split(":") ?? [];
    if (localPort !== port || !addresses.has(address)) continue;
    if (state === undefined || st === state) return true;
  }
  return false;
}

/** The socket tables' text, or undefined when they cannot be read. */
async function readTables(files: string[]): Promise<string | undefined> {
  // A table may be missing (no IPv6): cat prints the others and exits 1.
  const { stdout } = await new Deno.Command("cat", {
    args: files,
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).output();
  const text = new TextDecoder().decode(stdout);
  return text.includes("local_address") ? text : undefined;
}

/**
 * Whether a socket is bound to `endpoint` on `transport`: a UDP socket or listening TCP socket
 * on its address and port (or the wildcard address), or a socket file at its path.
 *
 * @returns undefined when the system cannot tell (no `/proc/net`, no permission to read it, or
 *   an address it cannot read).
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
      ? await tableHas(["/proc/net/udp", "/proc/net/udp6"], endpoint)
      : await tableHas(["/proc/net/tcp", "/proc/net/tcp6"], endpoint, TCP_LISTEN);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound && "path" in endpoint) return false;
    // No cat, or no --allow-run: the system cannot tell.
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotCapable) {
      return undefined;
    }
    throw error;
  }
}
