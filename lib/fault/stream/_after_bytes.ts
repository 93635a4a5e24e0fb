/**
 * Shared by `reset` and `close`: forward `after_bytes` bytes, then act on the connection.
 *
 * @internal
 * @module
 */
import type { EventFields, StreamSink, StreamStage } from "./_types.ts";

/** Forwards `afterBytes` bytes (the write that crosses the mark is cut), then calls `act`. */
export function afterBytesStage(
  afterBytes: number,
  next: StreamSink,
  act: (detail: string, fields?: EventFields) => Promise<never>,
): StreamStage {
  let forwarded = 0;
  return {
    async start() {
      if (afterBytes === 0) await act("at once (after 0 bytes)");
    },
    async write(chunk, info) {
      const room = afterBytes - forwarded;
      if (chunk.length < room) {
        forwarded += chunk.length;
        return next.write(chunk);
      }
      if (room > 0) await next.write(chunk.subarray(0, room));
      forwarded += room;
      const cut = room < chunk.length
        ? `, write ${info.seq} cut to ${room} of ${chunk.length}`
        : "";
      await act(`after ${forwarded} bytes${cut}`, { ...info, bytes: room });
    },
    end() {
      return next.end();
    },
  };
}
