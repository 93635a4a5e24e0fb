import assert from "node:assert/strict";
import { DatagramReceiver, syncDatagramPeer } from "./_datagram_receiver.ts";
import { startPeer } from "./peer_process.ts";
import { DatagramKind, encodeStreamHeader, RELAY_REGISTERED } from "./peer_protocol.ts";
import { writeAll } from "../transport/stream.ts";
import { connectStream, openDatagramClient } from "./transport.ts";

async function readExactly(conn: Deno.Conn, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let have = 0;
  while (have < length) {
    const n = await conn.read(out.subarray(have));
    if (n === null) throw new Error(`EOF after ${have} of ${length} bytes`);
    have += n;
  }
  return out;
}

for (const transport of ["tcp", "unix"] as const) {
  Deno.test(`a ${transport} sink peer counts the bytes after the header and acks every N`, async () => {
    await using peer = await startPeer(transport);
    const conn = await connectStream(peer.address);
    try {
      await writeAll(
        conn,
        encodeStreamHeader({ mode: "sink", noDelay: false, ackEveryBytes: 1000 }),
      );
      await writeAll(conn, new Uint8Array(2500));
      // 2500 bytes: two acks are due.
      assert.equal((await readExactly(conn, 2)).length, 2);
      const mark = await peer.mark();
      assert.equal(mark.bytes, 2500);
      assert.equal(mark.connections, 1);
      assert.ok(mark.peakRssKiB > 0);
    } finally {
      conn.close();
    }
  });

  Deno.test(`a ${transport} echo peer returns every byte in order`, async () => {
    await using peer = await startPeer(transport);
    const conn = await connectStream(peer.address, { noDelay: true });
    try {
      await writeAll(conn, encodeStreamHeader({ mode: "echo", noDelay: true, ackEveryBytes: 0 }));
      const sent = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7) & 255);
      const [, back] = await Promise.all([writeAll(conn, sent), readExactly(conn, sent.length)]);
      assert.deepEqual(back, sent);
    } finally {
      conn.close();
    }
  });

  Deno.test(`a ${transport} relay pair delivers what arrives on relay_in to relay_out`, async () => {
    await using peer = await startPeer(transport);
    const out = await connectStream(peer.address);
    const input = await connectStream(peer.address);
    try {
      await writeAll(
        out,
        encodeStreamHeader({ mode: "relay_out", noDelay: true, ackEveryBytes: 9 }),
      );
      assert.deepEqual(await readExactly(out, 1), new Uint8Array([RELAY_REGISTERED]));
      await writeAll(
        input,
        encodeStreamHeader({ mode: "relay_in", noDelay: true, ackEveryBytes: 9 }),
      );
      await writeAll(input, new TextEncoder().encode("hello"));
      assert.equal(new TextDecoder().decode(await readExactly(out, 5)), "hello");
    } finally {
      input.close();
      out.close();
    }
  });
}

for (const transport of ["udp", "unixgram"] as const) {
  Deno.test(`a ${transport} peer counts datagrams, echoes, and answers syncs with its counts`, async () => {
    await using peer = await startPeer(transport);
    const dir = await Deno.makeTempDir();
    const { socket, to } = openDatagramClient(peer.address, `${dir}/client.sock`);
    const receiver = new DatagramReceiver(socket);
    try {
      const data = new Uint8Array(100);
      data[0] = DatagramKind.data;
      for (let i = 0; i < 10; i++) await socket.send(data, to);
      const echo = new Uint8Array(64).fill(9);
      echo[0] = DatagramKind.echo;
      await socket.send(echo, to);
      assert.deepEqual(await receiver.next(5000), echo);
      const reply = await syncDatagramPeer(socket, to, receiver, { token: 5 });
      assert.equal(reply.datagrams, 11);
      assert.equal(reply.bytes, 10 * 100 + 64);
      await peer.reset();
      assert.equal((await peer.mark()).datagrams, 0);
    } finally {
      socket.close();
      await receiver.settle();
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("stopping a unix peer removes its socket directory", async () => {
  const peer = await startPeer("unix");
  assert.equal(peer.address.transport, "unix");
  const path = peer.address.transport === "unix" ? peer.address.path : "";
  assert.ok((await Deno.stat(path)).isSocket);
  await peer.stop();
  await assert.rejects(() => Deno.stat(path), Deno.errors.NotFound);
  await peer.stop(); // twice is fine
});

Deno.test("a unixgram peer keeps serving after a client that asked for echoes went away", async () => {
  await using peer = await startPeer("unixgram");
  const dir = await Deno.makeTempDir();
  try {
    const gone = openDatagramClient(peer.address, `${dir}/gone.sock`);
    const echo = new Uint8Array(64);
    echo[0] = DatagramKind.echo;
    for (let i = 0; i < 5; i++) await gone.socket.send(echo, gone.to);
    gone.socket.close();
    await Deno.remove(`${dir}/gone.sock`);
    const { socket, to } = openDatagramClient(peer.address, `${dir}/next.sock`);
    const receiver = new DatagramReceiver(socket);
    try {
      const reply = await syncDatagramPeer(socket, to, receiver, { token: 1 });
      assert.equal(reply.datagrams, 5);
    } finally {
      socket.close();
      await receiver.settle();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
