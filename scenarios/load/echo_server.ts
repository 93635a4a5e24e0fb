/**
 * An echo server in a process of its own, for the C10K scenario: with the clients in the runner
 * and the server here, each process holds one end of each of the 10,000 connections, so each
 * stays under an open-file limit of 20,000.
 *
 *     deno run --allow-net --allow-read --allow-write echo_server.ts tcp 127.0.0.1 7000
 *     deno run --allow-net --allow-read --allow-write echo_server.ts unix /tmp/echo.sock
 *
 * Each connection gets its bytes back until it half-closes; then the server closes its side.
 *
 * @module
 */
const [transport, ...where] = Deno.args;
const listener = transport === "unix"
  ? Deno.listen({ transport: "unix", path: where[0] })
  : Deno.listen({ transport: "tcp", hostname: where[0], port: Number(where[1]) });

async function echo(conn: Deno.Conn): Promise<void> {
  // Small: 10,000 connections each hold one while they wait to read.
  const buffer = new Uint8Array(4 * 1024);
  try {
    for (;;) {
      const n = await conn.read(buffer);
      if (n === null) break;
      for (let at = 0; at < n;) at += await conn.write(buffer.subarray(at, n));
    }
    await conn.closeWrite();
  } catch {
    // The client went away.
  } finally {
    conn.close();
  }
}

const sessions = new Set<Promise<void>>();
for (;;) {
  let conn: Deno.Conn;
  try {
    conn = await listener.accept();
  } catch (error) {
    if ((error as { code?: string }).code !== "EMFILE") break;
    // Out of descriptors: accept again once a session ends.
    await Promise.race([...sessions, new Promise((resolve) => setTimeout(resolve, 50))]);
    continue;
  }
  const session = echo(conn).finally(() => sessions.delete(session));
  sessions.add(session);
}
