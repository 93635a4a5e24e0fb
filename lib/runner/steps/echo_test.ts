import assert from "node:assert/strict";
import { parseScenarios } from "../../scenario/load.ts";
import type { Transport } from "../../common/transport.ts";
import { runScenario } from "../run_scenario.ts";

const HERE = new URL(".", import.meta.url).pathname;

async function run(yaml: string, transport: Transport) {
  const [scenario] = parseScenarios(yaml, `${HERE}inline.yaml`);
  return await runScenario(scenario, transport, { seed: 5 });
}

for (const transport of ["tcp", "unix", "udp", "unixgram"] as const) {
  Deno.test(`echo checks that what was sent comes back, once, in order (${transport})`, async () => {
    const result = await run(
      `name: echo
transport: [tcp, unix, udp, unixgram]
server: { builtin: echo }
client:
  - echo: { generate: 20000, chunk: 1000 }
  - echo: { text: "hello" }
    conn: text
`,
      transport,
    );
    assert.equal(result.status, "passed", JSON.stringify(result.failure));
    const names = result.checks.map((p) => `${p.name}:${p.ok}`).sort();
    assert.ok(names.includes("lossless:true") && names.includes("intact:true"), names.join());
  });
}

Deno.test("echo against an upper-casing server fails at the literal, naming the case change", async () => {
  const result = await run(
    `name: echo upper
transport: udp
server: { builtin: upper }
client:
  - echo: "hello"
`,
    "udp",
  );
  assert.equal(result.status, "failed");
  assert.match(
    result.failure!.message,
    /^the echoed datagram differs from the one sent: the same letters in another case/,
  );
});

Deno.test("echo's last_byte_within fails when the echo comes back later", async () => {
  // The relay delays every write by 300 ms: the last byte cannot come back within 100 ms.
  const result = await run(
    `name: echo late
transport: tcp
server: { builtin: echo }
faults:
  - latency: { ms: 300 }
    direction: to_client
client:
  - echo: { generate: 4KiB, last_byte_within: 100ms }
`,
    "tcp",
  );
  assert.equal(result.status, "failed");
  assert.match(
    result.failure!.message,
    /^the last of 4096 bytes came back \d+\.\d ms after the first write \(the first after \d+\.\d ms\), later than last_byte_within 100 ms/,
  );
});

Deno.test("an echo that times out counts the bytes not back yet as lost or late", async () => {
  // The relay delays every write by 1 s: nothing comes back within the step's 300 ms.
  const result = await run(
    `name: echo slow
transport: tcp
server: { builtin: echo }
faults:
  - latency: { ms: 1000 }
    direction: to_client
client:
  - echo: { generate: 4KiB }
    timeout: 300ms
`,
    "tcp",
  );
  assert.match(
    result.failure!.message,
    /^receive on client\/main timed out after 300 ms, after 0 of the 4096 bytes sent \(what was received: lossless: client\/main: 4096 of 4096 sent bytes lost or late; limit 0 \(4096 had not arrived when the receive timed out\)\)$/,
  );
  const check = result.events.find((e) => e.kind === "stream_check")!.stream!;
  assert.equal(check.lostBytes, 0);
  assert.equal(check.lateBytes, 4096);
});

Deno.test("an echo that duplicates leaves the bytes past the count it read unread, not lost", async () => {
  // The echo step reads back as many bytes as it sent: a duplicated piece pushes the last bytes
  // past that count.
  const [scenario] = parseScenarios(
    `name: duplicating echo
transport: tcp
server:
  - accept: {}
  - receive: { bytes: 10, capture: first }
  - receive: { bytes: 90, capture: rest }
  - send: "{first}"
  - send: "{first}"
  - send: "{rest}"
client:
  - echo: { generate: 100 }
`,
    `${HERE}inline.yaml`,
  );
  const asEcho = {
    ...scenario,
    peers: scenario.peers.map((p) => p.role === "server" ? { ...p, standsFor: "echo" } : p),
  };
  const result = await runScenario(asEcho, "tcp", { seed: 5 });
  const check = result.events.find((e) => e.kind === "stream_check")!.stream!;
  assert.equal(check.duplicatedBytes, 10);
  assert.equal(check.lostBytes, 0);
  assert.equal(check.unreadBytes, 10);
});

Deno.test("a datagram echo that differs says which datagram came instead", async () => {
  // The server answers the first datagram twice: the second echo step gets the copy.
  const result = await run(
    `name: echo duplicates
transport: udp
server:
  - receive_from: { text: "aaa" }
  - send_to: { text: "aaa" }
  - send_to: { text: "aaa" }
  - receive_from: { text: "bbb" }
  - send_to: { text: "bbb" }
client:
  - echo: "aaa"
  - echo: "bbb"
`,
    "udp",
  );
  assert.match(
    result.failure!.message,
    /^the echoed datagram differs from the one sent \(a duplicate of #0, whose echo came before\): /,
  );
});
