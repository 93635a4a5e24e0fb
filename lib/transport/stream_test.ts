import assert from "node:assert/strict";
import { connectStream, listenStream, setStreamOptions, writeAll } from "./stream.ts";

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

/** What `ss` says of the established TCP socket whose local port is `port` (iproute2). */
async function ssTimer(port: number): Promise<string> {
  const { stdout } = await new Deno.Command("ss", {
    args: ["-tnoH", "state", "established", `( sport = :${port} )`],
  }).output();
  return new TextDecoder().decode(stdout);
}

Deno.test("keep_alive on an accepted socket turns on SO_KEEPALIVE, as the kernel reports it", async () => {
  using listener = listenStream({ host: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  const accepted = listener.accept();
  using _client = await connectStream({ host: "127.0.0.1", port });
  using server = await accepted;
  assert.doesNotMatch(await ssTimer(port), /keepalive/);
  setStreamOptions(server, { keepAlive: true, noDelay: true });
  // ss shows a keep-alive timer on sockets with SO_KEEPALIVE: timer:(keepalive,119min,0).
  assert.match(await ssTimer(port), /timer:\(keepalive,/);
});

Deno.test("reusePort lets two TCP listeners share a port; without it the second bind fails", () => {
  using first = listenStream({ host: "127.0.0.1", port: 0 }, { reusePort: true });
  const { port } = first.addr as Deno.NetAddr;
  using second = listenStream({ host: "127.0.0.1", port }, { reusePort: true });
  assert.equal((second.addr as Deno.NetAddr).port, port);
  assert.throws(() => listenStream({ host: "127.0.0.1", port }), Deno.errors.AddrInUse);
});
