import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import {
  collectDatagrams,
  connectStream,
  readToEnd,
  relayedDatagramEcho,
  relayedStreamEcho,
  sendSeqDatagrams,
  seqOf,
  sequenceBytes,
  writeAll,
} from "./_test_helpers.ts";
import { FaultTransportMismatchError, RelayAddressError } from "./errors.ts";
import { startRelay } from "./relay.ts";
import { faultsSchema } from "./schema.ts";
import { makeSocketDir } from "../transport/socket_dir.ts";

for (const transport of ["tcp", "unix"] as const) {
  Deno.test(`${transport} relay without faults echoes 1 MiB intact and propagates half-close`, async () => {
    await using setup = await relayedStreamEcho(transport, []);
    using conn = await connectStream(setup.relay.addr);
    const data = sequenceBytes(1 << 20);
    const reading = readToEnd(conn);
    await writeAll(conn, data);
    await conn.closeWrite();
    const log = await reading;
    equal(log.error, undefined);
    deepEqual(log.bytes, data);
    const kinds = setup.events.map((event) => event.kind);
    ok(kinds.includes("accept") && kinds.includes("connect"));
    // The client's FIN reached the server (it answered EOF), and the server's came back.
    equal(setup.events.filter((event) => event.kind === "close_write").length, 2);
    equal(setup.relay.stats().toServer.forwardedBytes, data.length);
    equal(setup.relay.stats().connections, 1);
  });
}

for (const transport of ["udp", "unixgram"] as const) {
  Deno.test(`${transport} relay without faults echoes every datagram to the right client`, async () => {
    await using setup = await relayedDatagramEcho(transport, []);
    const socketA = await setup.client();
    const socketB = await setup.client();
    const a = collectDatagrams(socketA);
    const b = collectDatagrams(socketB);
    try {
      await sendSeqDatagrams(socketA, setup.relay.addr, 10, 16);
      await sendSeqDatagrams(socketB, setup.relay.addr, 5, 32);
      const fromA = await a.waitFor(10, 2000);
      const fromB = await b.waitFor(5, 2000);
      deepEqual(fromA.map(seqOf), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      ok(fromA.every((d) => d.length === 16));
      deepEqual(fromB.map(seqOf), [0, 1, 2, 3, 4]);
      ok(fromB.every((d) => d.length === 32));
      equal(setup.relay.stats().connections, 2);
      equal(setup.relay.stats().toClient.forwardedDatagrams, 15);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
}

Deno.test("startRelay refuses a datagram fault on a stream transport", async () => {
  await rejects(
    () =>
      startRelay({
        transport: "tcp",
        upstream: { transport: "tcp", hostname: "127.0.0.1", port: 9 },
        faults: faultsSchema.parse([{ drop: { every: 2 } }]),
        seed: 1,
      }),
    FaultTransportMismatchError,
  );
});

Deno.test("startRelay refuses an upstream address of another transport", async () => {
  await rejects(
    () =>
      startRelay({
        transport: "udp",
        upstream: { transport: "tcp", hostname: "127.0.0.1", port: 9 },
        faults: [],
        seed: 1,
      }),
    RelayAddressError,
  );
});

for (const transport of ["unix", "unixgram"] as const) {
  Deno.test(`${transport} relay removes its socket paths when closed, and close is idempotent`, async () => {
    const dir = await makeSocketDir({ prefix: "sockspec-fault-test-", roomBytes: 64 });
    try {
      const upstream: Deno.Addr = transport === "unix"
        ? { transport: "unix", path: `${dir}/nobody.sock` }
        : { transport: "unixpacket", path: `${dir}/nobody.sock` };
      const relay = await startRelay({ transport, upstream, faults: [], seed: 1, tempDir: dir });
      const inside = await Array.fromAsync(Deno.readDir(dir));
      equal(inside.length, 1);
      ok(inside[0].name.startsWith("relay-"));
      ok("path" in relay.addr && relay.addr.path.startsWith(`${dir}/relay-`));
      await relay.close();
      await relay.close();
      deepEqual(await Array.fromAsync(Deno.readDir(dir)), []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("tcp relay resets the client when the server refuses the connection", async () => {
  // A port that was just free: nobody listens there.
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = probe.addr.port;
  probe.close();
  const events: string[] = [];
  await using relay = await startRelay({
    transport: "tcp",
    upstream: { transport: "tcp", hostname: "127.0.0.1", port },
    faults: [],
    seed: 1,
    onEvent: (event) => events.push(`${event.kind}: ${event.detail}`),
  });
  using conn = await connectStream(relay.addr);
  const log = await readToEnd(conn);
  equal(log.bytes.length, 0);
  ok(log.error instanceof Deno.errors.ConnectionReset, `ended with ${log.error}`);
  ok(
    events.some((e) => e.startsWith("error: connect to the server: ConnectionRefused")),
    events.join("\n"),
  );
});

Deno.test("relay events carry the clock the caller gives", async () => {
  await using setup = await relayedStreamEcho("tcp", []);
  const times: number[] = [];
  await using relay = await startRelay({
    transport: "tcp",
    upstream: setup.server.addr,
    faults: [],
    seed: 1,
    onEvent: (event) => times.push(event.timeMicros),
    clockMicros: () => 1234,
  });
  using conn = await connectStream(relay.addr);
  await conn.closeWrite();
  await readToEnd(conn);
  ok(times.length > 0);
  ok(times.every((t) => t === 1234));
});

Deno.test("tcp and udp relays in front of an IPv6 server listen on ::1", async () => {
  using tcpServer = Deno.listen({ hostname: "::1", port: 0 });
  await using tcpRelay = await startRelay({
    transport: "tcp",
    upstream: tcpServer.addr,
    faults: [],
    seed: 1,
  });
  equal((tcpRelay.addr as Deno.NetAddr).hostname, "::1");
  using client = await connectStream(tcpRelay.addr);
  using accepted = await tcpServer.accept();
  await writeAll(client, new Uint8Array([1, 2, 3]));
  const got = new Uint8Array(3);
  equal(await accepted.read(got), 3);
  deepEqual(got, new Uint8Array([1, 2, 3]));

  const udpServer = Deno.listenDatagram({ transport: "udp", hostname: "::1", port: 0 });
  const udpClient = Deno.listenDatagram({ transport: "udp", hostname: "::1", port: 0 });
  try {
    await using udpRelay = await startRelay({
      transport: "udp",
      upstream: udpServer.addr,
      faults: [],
      seed: 1,
    });
    equal((udpRelay.addr as Deno.NetAddr).hostname, "::1");
    await udpClient.send(new Uint8Array([9]), udpRelay.addr);
    const [datagram] = await udpServer.receive();
    deepEqual(datagram, new Uint8Array([9]));
  } finally {
    udpServer.close();
    udpClient.close();
  }
});
