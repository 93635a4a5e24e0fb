import assert from "node:assert/strict";
import { bindDatagram, datagramAddr } from "./datagram.ts";

/** Binds datagram sockets for one test and closes them after it, also on failure. */
async function withSockets(
  endpoints: Parameters<typeof bindDatagram>[0][],
  fn: (sockets: Deno.DatagramConn[]) => Promise<void>,
): Promise<void> {
  const sockets: Deno.DatagramConn[] = [];
  try {
    for (const endpoint of endpoints) sockets.push(bindDatagram(endpoint));
    await fn(sockets);
  } finally {
    for (const socket of sockets) socket.close();
  }
}

Deno.test("a UDP socket on an ephemeral port receives a datagram whole, with its sender", async () => {
  const any = { host: "127.0.0.1", port: 0 };
  await withSockets([any, any], async ([a, b]) => {
    const { port } = a.addr as Deno.NetAddr;
    const receiving = a.receive();
    await b.send(new TextEncoder().encode("ping"), datagramAddr({ host: "127.0.0.1", port }));
    const [data, from] = await receiving;
    assert.equal(new TextDecoder().decode(data), "ping");
    assert.equal((from as Deno.NetAddr).port, (b.addr as Deno.NetAddr).port);
  });
});

Deno.test("a Unix datagram socket keeps each datagram's boundaries", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sockspec-datagram-" });
  try {
    await withSockets([{ path: `${dir}/a.sock` }, { path: `${dir}/b.sock` }], async ([a, b]) => {
      const to = datagramAddr({ path: `${dir}/a.sock` });
      assert.deepEqual(to, { transport: "unixpacket", path: `${dir}/a.sock` });
      await b.send(new Uint8Array([1, 2, 3]), to);
      await b.send(new Uint8Array([4]), to);
      assert.deepEqual((await a.receive())[0], new Uint8Array([1, 2, 3]));
      assert.deepEqual((await a.receive())[0], new Uint8Array([4]));
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("binding a UDP port that is taken fails with AddrInUse", async () => {
  await withSockets([{ host: "127.0.0.1", port: 0 }], ([a]) => {
    const { port } = a.addr as Deno.NetAddr;
    assert.throws(() => bindDatagram({ host: "127.0.0.1", port }), Deno.errors.AddrInUse);
    return Promise.resolve();
  });
});
