/** Socket addresses: parsing the ones written in scenarios, formatting the ones Deno returns. @module */

/** Where to listen or connect: an IP host and port, or a Unix socket path. */
export type Endpoint = { host: string; port: number } | { path: string };

/** Thrown when an address is not `host:port`, `[v6]:port` or an absolute or relative path. */
export class AddressSyntaxError extends Error {
  override name = "AddressSyntaxError";
}

/**
 * Parses `127.0.0.1:7000`, `[::1]:7000`, `localhost:7000`, `unix:/tmp/s.sock` or `/tmp/s.sock`.
 *
 * @throws {AddressSyntaxError} When the text is none of these, or the port is not 0-65535.
 */
export function parseEndpoint(text: string): Endpoint {
  if (text.startsWith("unix:")) return { path: text.slice(5) };
  if (text.startsWith("/") || text.startsWith("./")) return { path: text };
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\[\]]+)):(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (!match || port > 65535) {
    throw new AddressSyntaxError(
      `expected host:port, [v6]:port or a Unix socket path, found ${JSON.stringify(text)}`,
    );
  }
  return { host: match[1] ?? match[2], port };
}

/** Formats a Deno address: `127.0.0.1:41234`, `[::1]:41234`, or the Unix path. */
export function formatAddr(addr: Deno.Addr): string {
  // A Deno.startTls connection's addresses carry no `transport` (Deno 2.9): go by hostname.
  if (addr.transport === "tcp" || addr.transport === "udp" || "hostname" in addr) {
    return addr.hostname.includes(":")
      ? `[${addr.hostname}]:${addr.port}`
      : `${addr.hostname}:${addr.port}`;
  }
  return "path" in addr && addr.path ? addr.path : "(unnamed)";
}

/** Formats an endpoint like {@linkcode formatAddr}. */
export function formatEndpoint(endpoint: Endpoint): string {
  if ("path" in endpoint) return endpoint.path;
  return endpoint.host.includes(":")
    ? `[${endpoint.host}]:${endpoint.port}`
    : `${endpoint.host}:${endpoint.port}`;
}
