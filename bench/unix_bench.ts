/**
 * `deno bench`: unix throughput at 64 B, 1 KiB, 64 KiB and 1 MiB messages and round-trip time at
 * 64 B and 1 KiB, against a peer in another process (see lib/bench/bench_file.ts).
 *
 * @module
 */
import { registerTransportBenches } from "../lib/bench/bench_file.ts";

await registerTransportBenches("unix");
