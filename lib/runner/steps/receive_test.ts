import assert from "node:assert/strict";
import { failureOf, runYaml } from "./_test_helpers.ts";
import { parseScenarios } from "../../scenario/load.ts";
import { runScenario } from "../run_scenario.ts";

const HERE = new URL(".", import.meta.url).pathname;

Deno.test("receive reads exact text, a delimiter, a count, a match and until EOF", async () => {
  const result = await runYaml(`name: receive
transport: tcp
server: { builtin: echo }
client:
  - connect: {}
  - send: "abc\\nport 8080\\n0123456789"
  - receive: "abc"
  - receive: { until: "\\n" }
  - receive: { match: "port ([0-9]+)", capture: port }
  - assert: { equal: ["{port}", "8080"] }
  - receive: { bytes: 4 }
  - close_write: {}
  - receive: { until: eof, text: "3456789" }
`);
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
});

Deno.test("receive fails at the first byte that differs, with both sides for the diff", async () => {
  const result = await runYaml(`name: differs
transport: tcp
server: { builtin: upper }
client:
  - connect: {}
  - send: "hello"
  - receive: "hello"
`);
  assert.equal(result.status, "failed");
  assert.ok(result.failure?.expected && result.failure?.received, JSON.stringify(result.failure));
  assert.equal(new TextDecoder().decode(result.failure.received), "HELLO");
});

Deno.test("receive of more bytes than arrive before EOF fails with UnexpectedEof", async () => {
  const result = await runYaml(`name: short
transport: tcp
server: { builtin: echo }
client:
  - connect: {}
  - send: "ab"
  - close_write: {}
  - receive: { bytes: 3 }
`);
  assert.match(failureOf(result), /UnexpectedEof|EOF/);
});

Deno.test("a verified receive that times out counts the bytes not arrived as lost or late", async () => {
  const result = await runYaml(`name: slow peer
transport: tcp
server:
  - accept: {}
  - send: { generate: 1000 }
  - sleep: 2s
client:
  - connect: {}
  - receive: { verify: sequence, size: 3000 }
    timeout: 300ms
`);
  // A slow peer's bytes may still be on their way: not called lost outright.
  assert.match(
    failureOf(result),
    /^receive on client\/main timed out after 300 ms, after 1000 bytes \(what was received: lossless: client\/main: 2000 of 3000 sent bytes lost or late; limit 0 \(2000 had not arrived when the receive timed out\)\)$/,
  );
  const check = result.events.find((e) => e.kind === "stream_check")!.stream!;
  assert.equal(check.lostBytes, 0);
  assert.equal(check.lateBytes, 2000);
});

Deno.test("a receive from an echo that lost a byte says which byte never came back", async () => {
  const [scenario] = parseScenarios(
    `name: lossy echo
transport: tcp
server:
  - accept: {}
  - receive: { bytes: 11 }
  - send: "alphabeta\\n"
client:
  - connect: {}
  - send: "alpha\\nbeta\\n"
  - receive: { until: "\\n" }
  - receive: { until: "\\n" }
`,
    `${HERE}inline.yaml`,
  );
  // The scripted server stands in for the built-in echo, as a --target does.
  const asEcho = {
    ...scenario,
    peers: scenario.peers.map((p) => p.role === "server" ? { ...p, standsFor: "echo" } : p),
  };
  const echoed = await runScenario(asEcho, "tcp", { seed: 1 });
  assert.equal(
    failureOf(echoed),
    'EOF before delimiter "\\n" (after 0 bytes); the echo on client/main so far: 1 byte sent at offset 5 never came back (lost)',
  );
  // A server that is no echo owes the client nothing it sent: no such note.
  assert.equal(
    failureOf(await runScenario(scenario, "tcp", { seed: 1 })),
    'EOF before delimiter "\\n" (after 0 bytes)',
  );
});

Deno.test("a receive from an echo that times out says how much of what was sent came back", async () => {
  const [scenario] = parseScenarios(
    `name: silent echo
transport: tcp
server:
  - accept: {}
  - receive: { bytes: 3 }
  - sleep: 2s
client:
  - connect: {}
  - send: "abc"
  - receive: "abc"
    timeout: 300ms
`,
    `${HERE}inline.yaml`,
  );
  const asEcho = {
    ...scenario,
    peers: scenario.peers.map((p) => p.role === "server" ? { ...p, standsFor: "echo" } : p),
  };
  assert.equal(
    failureOf(await runScenario(asEcho, "tcp", { seed: 1 })),
    "receive on client/main timed out after 300 ms, after 0 bytes; the echo on client/main so far: 0 of the 3 bytes sent came back within the step's timeout",
  );
});
