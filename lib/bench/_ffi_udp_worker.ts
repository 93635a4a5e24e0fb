/**
 * The Worker of the `--ffi` udp sink: blocks in recvmmsg on the socket it is given.
 *
 * @internal
 * @module
 */
/// <reference lib="deno.worker" />
import { serveBlocking, type SharedCounters } from "./_ffi_udp.ts";

self.onmessage = (event: MessageEvent<{ fd: number; counters: SharedCounters }>) => {
  try {
    serveBlocking(event.data.fd, event.data.counters);
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
