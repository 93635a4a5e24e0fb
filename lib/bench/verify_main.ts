/**
 * Runs the verified stream (`verify_stream.ts`) in a process of its own, so that its peak RSS is
 * the verification's and not that of a report that ran other cases first. Prints the
 * `VerifyReport` as one JSON line:
 *
 * ```sh
 * deno run -A lib/bench/verify_main.ts 1073741824
 * ```
 *
 * @module
 */
import { startPeer } from "./peer_process.ts";
import { verifyStreamThroughEcho } from "./verify_stream.ts";

async function main(args: string[]): Promise<void> {
  const bytes = Number(args[0] ?? 1024 ** 3);
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new RangeError(`Expected a byte count, found "${args[0]}"`);
  }
  await using peer = await startPeer("tcp");
  const report = await verifyStreamThroughEcho(peer, { bytes });
  console.log(JSON.stringify(report));
}

if (import.meta.main) await main(Deno.args);
