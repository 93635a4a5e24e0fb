import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import { KernelFaultUnsupportedError } from "../errors.ts";
import { createNamespace, type KernelNamespace, removeStaleNamespaces } from "./namespace.ts";
import { kernelFaultSupport } from "./support.ts";
import { run } from "./_command.ts";

const support = await kernelFaultSupport();
if (!support.ok) console.log(`kernel fault tests skipped: ${support.reason}`);
else if (!support.netem) console.log(`kernel netem unavailable: ${support.netemReason}`);

/** Runs `deno eval` inside the namespace, killed after 60 s; returns its JSON output. */
async function evalInside(ns: KernelNamespace, code: string): Promise<Record<string, number>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 60_000);
  try {
    const [command, ...prefix] = ns.execPrefix;
    const output = await new Deno.Command(command, {
      args: [...prefix, Deno.execPath(), "eval", "--unstable-net", code],
      stdout: "piped",
      stderr: "piped",
      signal: controller.signal,
    }).output();
    const stderr = new TextDecoder().decode(output.stderr);
    equal(output.code, 0, `deno eval in ${ns.name} failed: ${stderr}`);
    return JSON.parse(new TextDecoder().decode(output.stdout));
  } finally {
    clearTimeout(timer);
  }
}

async function namespaceNames(): Promise<string[]> {
  const listed = await run("ip", ["netns", "list"]);
  return listed.stdout.split("\n").map((line) => line.split(" ")[0]).filter(Boolean);
}

const TCP_TRANSFER = `
const size = 1 << 20;
const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
const serving = (async () => {
  const conn = await listener.accept();
  const buffer = new Uint8Array(65536);
  let total = 0, wrong = 0;
  for (;;) {
    const n = await conn.read(buffer);
    if (n === null) break;
    for (let i = 0; i < n; i++) if (buffer[i] !== ((total + i) & 255)) wrong++;
    total += n;
  }
  conn.close();
  return { total, wrong };
})();
const conn = await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port });
const data = Uint8Array.from({ length: size }, (_, i) => i & 255);
for (let at = 0; at < size;) at += await conn.write(data.subarray(at, at + 16384));
await conn.closeWrite();
const result = await serving;
conn.close();
listener.close();
console.log(JSON.stringify(result));
`;

const UDP_TRANSFER = `
const count = 1000;
const receiver = Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 });
const sender = Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 });
const END = 0xffffffff;
const seen = new Set();
let received = 0;
let ended;
const endSeen = new Promise((resolve) => ended = resolve);
const receiving = (async () => {
  const buffer = new Uint8Array(64);
  try {
    for (;;) {
      const [data] = await receiver.receive(buffer);
      const seq = new DataView(data.buffer, data.byteOffset).getUint32(0);
      if (seq === END) ended();
      else {
        received++;
        seen.add(seq);
      }
    }
  } catch { /* closed */ }
})();
const datagram = (seq) => {
  const data = new Uint8Array(8);
  new DataView(data.buffer).setUint32(0, seq);
  return data;
};
for (let seq = 0; seq < count; seq++) {
  await sender.send(datagram(seq), receiver.addr);
  if (seq % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 2));
}
// Loopback keeps order: once an end marker arrives, every earlier datagram that was not dropped
// has arrived. The marker can be dropped too, so it is sent again until one arrives; the kernel
// drops at send, so a marker not seen within 500 ms was dropped and counts in its counter.
let endDropped = 0;
for (let attempt = 0; ; attempt++, endDropped++) {
  if (attempt === 200) throw new Error("no end marker arrived");
  await sender.send(datagram(END), receiver.addr);
  let timer;
  const arrived = await Promise.race([
    endSeen.then(() => true),
    new Promise((resolve) => timer = setTimeout(() => resolve(false), 500)),
  ]);
  clearTimeout(timer);
  if (arrived) break;
}
receiver.close();
sender.close();
await receiving;
console.log(JSON.stringify({ sent: count, received, unique: seen.size, endDropped }));
`;

Deno.test({
  name: "kernel namespace with 10% loss: a 1 MiB TCP transfer arrives intact",
  ignore: !support.ok,
  async fn() {
    let name = "";
    {
      await using ns = await createNamespace({ lossPercent: 10, seed: 1 });
      name = ns.name;
      ok(name.startsWith("sockspec-"));
      ok((await namespaceNames()).includes(name));
      const result = await evalInside(ns, TCP_TRANSFER);
      deepEqual(result, { total: 1 << 20, wrong: 0 });
      const counters = await ns.counters();
      console.log(
        `  TCP 1 MiB with 10% loss: the kernel dropped ${counters.droppedPackets} packets`,
      );
    }
    ok(!(await namespaceNames()).includes(name), `${name} still exists`);
  },
});

Deno.test({
  name: "kernel namespace with 10% loss: UDP datagrams are lost, none duplicated",
  ignore: !support.ok,
  async fn() {
    await using ns = await createNamespace({ lossPercent: 10, seed: 1 });
    const result = await evalInside(ns, UDP_TRANSFER);
    const counters = await ns.counters();
    console.log(
      `  UDP: ${result.received} of 1000 arrived, the kernel dropped ${counters.droppedPackets}`,
    );
    ok(result.received < 1000 && result.received > 700, `received ${result.received}`);
    equal(result.unique, result.received);
    equal(counters.droppedPackets, 1000 - result.received + result.endDropped);
  },
});

Deno.test({
  name: "kernel namespace with 10% duplication: UDP datagrams arrive twice, none lost",
  ignore: !support.ok || !support.duplicate,
  async fn() {
    await using ns = await createNamespace({ duplicatePercent: 10, seed: 1 });
    const result = await evalInside(ns, UDP_TRANSFER);
    const counters = await ns.counters();
    console.log(
      `  UDP: ${result.received} arrivals for 1000 sent, ${counters.duplicatedPackets} dups`,
    );
    equal(result.unique, 1000);
    ok(result.received > 1000, `received ${result.received}`);
    // The rule's counter also counts matches on the copies, which nft_dup does not copy again.
    ok(result.received - 1000 <= counters.duplicatedPackets);
  },
});

Deno.test({
  name: "createNamespace with delayMs uses netem where the kernel has it, else says why",
  ignore: !support.ok,
  async fn() {
    if (support.netem) {
      await using ns = await createNamespace({ delayMs: 10, seed: 1 });
      equal(ns.netem, "netem delay 10ms");
      return;
    }
    const before = await namespaceNames();
    await rejects(
      () => createNamespace({ delayMs: 10, seed: 1 }),
      (error: Error) => error instanceof KernelFaultUnsupportedError && /netem/.test(error.message),
    );
    deepEqual(await namespaceNames(), before);
  },
});

Deno.test({
  name: "removeStaleNamespaces deletes namespaces of dead processes only",
  ignore: !support.ok,
  async fn() {
    // Linux pids stay below 2^22: this one never runs.
    const stale = "sockspec-99999999-0-stale";
    await run("ip", ["netns", "add", stale]);
    try {
      await using mine = await createNamespace({ seed: 1 });
      // createNamespace already swept the stale one away; a second sweep finds nothing.
      ok(!(await namespaceNames()).includes(stale));
      deepEqual(await removeStaleNamespaces(), []);
      ok((await namespaceNames()).includes(mine.name));
    } finally {
      await run("ip", ["netns", "delete", stale]);
    }
  },
});

Deno.test("createNamespace refuses percentages outside 0..100", async () => {
  await rejects(() => createNamespace({ lossPercent: 150, seed: 1 }), RangeError);
});
