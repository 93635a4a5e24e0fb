/**
 * The Worker of the `--ffi` udp sink or sender: blocks in recvmmsg or sendmmsg.
 *
 * @internal
 * @module
 */
/// <reference lib="deno.worker" />
import { sendBlocking, type SenderShared, serveBlocking, type SharedCounters } from "./_ffi_udp.ts";

/** What the Worker is asked to do. */
export type FfiUdpJob =
  | { kind: "sink"; fd: number; counters: SharedCounters }
  | { kind: "send"; port: number; datagram: Uint8Array; shared: SenderShared };

self.onmessage = (event: MessageEvent<FfiUdpJob>) => {
  const job = event.data;
  try {
    // Said before blocking, so that the caller can wait for the Worker to have started.
    self.postMessage({ started: true });
    if (job.kind === "sink") serveBlocking(job.fd, job.counters);
    else sendBlocking(job.port, job.datagram, job.shared);
    self.postMessage({ done: true });
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
