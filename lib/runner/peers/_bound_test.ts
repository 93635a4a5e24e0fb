import assert from "node:assert/strict";
import { isBound } from "./_bound.ts";

Deno.test("isBound sees a UDP socket on its address and port, and not once it is closed", async () => {
  const socket = Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 });
  const { port } = socket.addr as Deno.NetAddr;
  assert.equal(await isBound({ host: "127.0.0.1", port }, "udp"), true);
  // The same port on another loopback address is someone else's.
  assert.equal(await isBound({ host: "127.0.0.2", port }, "udp"), false);
  socket.close();
  assert.equal(await isBound({ host: "127.0.0.1", port }, "udp"), false);
});

Deno.test("isBound sees a TCP listener on ::1", async () => {
  const listener = Deno.listen({ hostname: "::1", port: 0 });
  const { port } = listener.addr;
  assert.equal(await isBound({ host: "::1", port }, "tcp"), true);
  listener.close();
  assert.equal(await isBound({ host: "::1", port }, "tcp"), false);
});

Deno.test("isBound sees a Unix socket file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/s.sock`;
    assert.equal(await isBound({ path }, "unixgram"), false);
    const socket = Deno.listenDatagram({ transport: "unixpacket", path });
    assert.equal(await isBound({ path }, "unixgram"), true);
    socket.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
