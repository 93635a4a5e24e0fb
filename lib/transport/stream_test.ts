import assert from "node:assert/strict";
import {
  connectStream,
  ListenBacklogFull,
  listenStream,
  setStreamOptions,
  writeAll,
} from "./stream.ts";

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

/**
 * A Unix listener with a backlog of 1, in another process (Python), that starts accepting once
 * it reads a line on its standard input (never, if none comes).
 */
async function fullListener(path: string) {
  const child = new Deno.Command("python3", {
    args: [
      "-c",
      "import socket,sys\ns=socket.socket(socket.AF_UNIX)\ns.bind(sys.argv[1])\n" +
      "s.listen(1)\nprint('ready',flush=True)\nsys.stdin.readline()\n" +
      "held=[]\nwhile True: held.append(s.accept())",
      path,
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.getReader();
  await reader.read(); // "ready"
  reader.releaseLock();
  const stdin = child.stdin.getWriter();
  return {
    accept: () => stdin.write(new TextEncoder().encode("accept\n")),
    async [Symbol.asyncDispose]() {
      await stdin.close().catch(() => {});
      child.kill("SIGKILL");
      await child.stdout.cancel();
      await child.status;
    },
  };
}

Deno.test("a Unix connect into a full listen queue waits for room, then says the backlog is full", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sockspec-backlog-" });
  const path = `${dir}/full.sock`;
  const conns: Deno.Conn[] = [];
  try {
    await using listener = await fullListener(path);
    // Fill the queue: Linux lets backlog + 1 connections wait on a Unix listener.
    for (let i = 0; i < 2; i++) conns.push(await connectStream({ path }));
    await assert.rejects(
      () => Deno.connect({ transport: "unix", path }),
      Deno.errors.WouldBlock,
      "a plain non-blocking connect fails at once",
    );
    await assert.rejects(
      () => connectStream({ path }, { retryUntil: performance.now() + 200 }),
      (error) =>
        error instanceof ListenBacklogFull &&
        /listen backlog full: .*full\.sock/.test(error.message),
    );
    // Once the server accepts, a connect that waits for room gets in.
    const waiting = connectStream({ path }, { retryUntil: performance.now() + 10_000 });
    await listener.accept();
    conns.push(await waiting);
  } finally {
    for (const conn of conns) conn.close();
    await Deno.remove(dir, { recursive: true });
  }
});
