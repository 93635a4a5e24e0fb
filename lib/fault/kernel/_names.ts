/**
 * Names of the namespaces sockspec creates, and their removal when the process exits.
 *
 * @internal
 * @module
 */

/** Prefix of every namespace sockspec creates. */
export const NAMESPACE_PREFIX = "sockspec-";

let counter = 0;

/** A fresh name: `sockspec-<pid>-<n>-<random>`, so a stale one names the process that made it. */
export function uniqueNamespaceName(): string {
  const random = crypto.getRandomValues(new Uint32Array(1))[0].toString(16).padStart(8, "0");
  return `${NAMESPACE_PREFIX}${Deno.pid}-${counter++}-${random}`;
}

const live = new Set<string>();
let listening = false;

function removeLeftovers(): void {
  for (const name of live) {
    try {
      new Deno.Command("ip", { args: ["netns", "delete", name], stdout: "null", stderr: "null" })
        .outputSync();
    } catch {
      // Nothing more can be done while the process exits.
    }
  }
  live.clear();
}

/** Remembers a namespace so that it is deleted when the process exits normally. */
export function trackNamespace(name: string): void {
  live.add(name);
  if (!listening) {
    listening = true;
    globalThis.addEventListener("unload", removeLeftovers);
  }
}

/** Forgets a namespace that was deleted. */
export function untrackNamespace(name: string): void {
  live.delete(name);
}
