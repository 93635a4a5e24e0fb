import assert from "node:assert/strict";
import {
  BadStreamHeaderError,
  decodeStreamHeader,
  decodeSyncReply,
  encodeStreamHeader,
  encodeSyncReply,
  encodeSyncRequest,
  STREAM_HEADER_BYTES,
} from "./peer_protocol.ts";

Deno.test("a stream header round-trips every mode, the flag and the 32-bit value", () => {
  for (const mode of ["sink", "echo", "relay_in", "relay_out"] as const) {
    const header = { mode, noDelay: mode === "echo", ackEveryBytes: 0xfffffffe };
    const bytes = encodeStreamHeader(header);
    assert.equal(bytes.length, STREAM_HEADER_BYTES);
    assert.deepEqual(decodeStreamHeader(bytes), header);
  }
});

Deno.test("decodeStreamHeader rejects a short header and an unknown mode", () => {
  assert.throws(() => decodeStreamHeader(new Uint8Array(7)), BadStreamHeaderError);
  assert.throws(() => decodeStreamHeader(new Uint8Array(8)), /found 0/);
});

Deno.test("a sync reply round-trips; other datagrams are not sync replies", () => {
  const reply = { token: 77, datagrams: 2 ** 40 + 3, bytes: 123456789 };
  assert.deepEqual(decodeSyncReply(encodeSyncReply(reply)), reply);
  assert.equal(decodeSyncReply(encodeSyncRequest(77)), undefined);
  assert.equal(decodeSyncReply(new Uint8Array(24)), undefined);
});
