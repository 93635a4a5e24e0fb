import assert from "node:assert/strict";
import { parseSs, tcpSockets } from "./tcp_state.ts";
import { formatAddr } from "./address.ts";

Deno.test("parseSs reads states, queues and addresses, IPv4-mapped peers as IPv4", () => {
  const sockets = parseSs(
    "LISTEN    0      511          127.0.0.1:5000         0.0.0.0:*\n" +
      "ESTAB     3      0      [::ffff:127.0.0.1]:5000 [::ffff:127.0.0.1]:40000\n" +
      "FIN-WAIT-2 0     0              [::1]:41000           [::1]:6000\n",
  );
  assert.deepEqual(sockets.map((s) => [s.state, s.recvQ, s.sendQ, s.local, s.peer]), [
    ["LISTEN", 0, 511, "127.0.0.1:5000", "0.0.0.0:*"],
    ["ESTABLISHED", 3, 0, "127.0.0.1:5000", "127.0.0.1:40000"],
    ["FIN_WAIT_2", 0, 0, "[::1]:41000", "[::1]:6000"],
  ]);
});

Deno.test("the kernel shows a listener's accept queue and the active closer in TIME_WAIT", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const at = formatAddr(listener.addr);
  const client = await Deno.connect({
    hostname: "127.0.0.1",
    port: (listener.addr as Deno.NetAddr).port,
  });
  const queued = (await tcpSockets()).find((s) => s.local === at && s.state === "LISTEN");
  assert.equal(queued?.recvQ, 1, "one connection waits in the accept queue");
  const server = await listener.accept();
  const [local, remote] = [formatAddr(client.localAddr), formatAddr(client.remoteAddr)];
  client.close(); // the client closes first: the active closer
  assert.equal(await server.read(new Uint8Array(1)), null);
  server.close();
  listener.close();
  const mine = (await tcpSockets()).find((s) => s.local === local && s.peer === remote);
  assert.equal(mine?.state, "TIME_WAIT");
  const theirs = (await tcpSockets()).find((s) => s.local === remote && s.peer === local);
  assert.equal(theirs, undefined, "the passive closer keeps no socket");
});
