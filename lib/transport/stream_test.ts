import assert from "node:assert/strict";
import { connectStream, ListenBacklogFull } from "./stream.ts";

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
