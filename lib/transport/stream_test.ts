import assert from "node:assert/strict";
import { connectStream, listenStream, writeAll } from "./stream.ts";

async function readAll(conn: Deno.Conn): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const buffer = new Uint8Array(64 * 1024);
  for (let n = await conn.read(buffer); n !== null; n = await conn.read(buffer)) {
    parts.push(buffer.slice(0, n));
  }
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

Deno.test("a TCP listener on an ephemeral port takes a connection; writeAll delivers every byte", async () => {
  using listener = listenStream({ host: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  assert.ok(port > 0);
  const accepted = listener.accept();
  using client = await connectStream({ host: "127.0.0.1", port }, { noDelay: true });
  using server = await accepted;
  // More than a socket buffer holds, so that writes are partial while the reader lags.
  const data = new Uint8Array(4 * 1024 * 1024).map((_, i) => i % 251);
  const [calls, received] = await Promise.all([
    writeAll(client, data).then(async (calls) => {
      await client.closeWrite();
      return calls;
    }),
    readAll(server),
  ]);
  assert.ok(calls >= 1);
  assert.deepEqual(received, data);
});

Deno.test("a Unix stream listener on a path takes a connection", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sockspec-stream-" });
  try {
    const path = `${dir}/s.sock`;
    using listener = listenStream({ path });
    const accepted = listener.accept();
    using client = await connectStream({ path });
    using server = await accepted;
    await writeAll(client, new TextEncoder().encode("hello"));
    await client.closeWrite();
    assert.equal(new TextDecoder().decode(await readAll(server)), "hello");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("connecting where nothing listens is refused", async () => {
  const listener = listenStream({ host: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  await assert.rejects(
    connectStream({ host: "127.0.0.1", port }),
    Deno.errors.ConnectionRefused,
  );
});
