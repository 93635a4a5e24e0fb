import assert from "node:assert/strict";
import { failureOf, runYaml } from "./_test_helpers.ts";

Deno.test("receive_from matches a datagram and captures its groups", async () => {
  const result = await runYaml(
    `name: receive_from
transport: udp
server: { builtin: echo }
client:
  - send_to: { text: "id=42" }
  - receive_from: { match: "id=([0-9]+)", capture: id }
  - assert: { equal: ["{id}", "42"] }
`,
    "udp",
  );
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
});

Deno.test("receive_from with a small buffer gets the datagram truncated and fails on its length", async () => {
  const result = await runYaml(
    `name: truncated
transport: udp
server: { builtin: echo }
client:
  - send_to: { text: "0123456789" }
  - receive_from: { bytes: 10, buffer: 4 }
`,
    "udp",
  );
  assert.match(failureOf(result), /expected a datagram of 10 bytes, received 4 bytes/);
});

// A scripted server that answers three datagrams the way `answers` says: what the client's
// literal receives then get is diagnosed from the client socket's history (numbers from #0).
function misbehaving(answers: string[], expect: string[]): string {
  return `name: misbehaving echo
transport: udp
server:
  - receive_from: { count: 3 }
${answers.map((a) => `  - send_to: { text: "${a}" }`).join("\n")}
client:
  - send_to: { text: "a" }
  - send_to: { text: "bbbbb" }
  - send_to: { text: "ccccccccc" }
${expect.map((e) => `  - receive_from: { text: "${e}" }`).join("\n")}
`;
}

Deno.test("receive_from names a datagram lost: the echo of the next one came instead", async () => {
  const result = await runYaml(misbehaving(["a", "ccccccccc"], ["a", "bbbbb"]), "udp");
  assert.match(
    failureOf(result),
    /^datagram 1 differs from the expected one \(the echo of #2: #1 lost or reordered, not received yet\): 5 of 5 bytes differ.*expected "bbbbb", received "ccccccccc"$/,
  );
});

Deno.test("receive_from names a duplicate, a merge and a truncation", async () => {
  const cases: [string[], string[], RegExp][] = [
    [["a", "a"], ["a", "bbbbb"], /\(a duplicate of #0, whose echo came before\)/],
    [["a", "bbbbbccccccccc"], ["a", "bbbbb"], /\(datagrams #1\+#2 merged into one\)/],
    [["a", "bb"], ["a", "bbbbb"], /\(truncated or split: the first 2 of the 5 bytes of #1\)/],
  ];
  for (const [answers, expect, says] of cases) {
    assert.match(failureOf(await runYaml(misbehaving(answers, expect), "udp")), says);
  }
});

Deno.test("receive_from says nothing more of a peer that is no echo", async () => {
  const result = await runYaml(misbehaving(["OK", "OK"], ["OK", "DONE"]), "udp");
  assert.equal(
    failureOf(result),
    'datagram 1 differs from the expected one: 2 of 2 bytes differ, the first at offset 0, 2 of the 4 expected bytes; expected "DONE", received "OK"',
  );
});

Deno.test("receive_from on a length names a duplicate", async () => {
  const result = await runYaml(
    `name: duplicate on a length
transport: udp
server:
  - receive_from: {}
  - send_to: { text: "0123456789" }
  - send_to: { text: "0123456789" }
client:
  - send_to: { text: "0123456789" }
  - receive_from: { bytes: 10 }
  - send_to: { text: "longer than ten bytes" }
  - receive_from: { bytes: 21 }
`,
    "udp",
  );
  assert.match(
    failureOf(result),
    /^expected a datagram of 21 bytes, received 10 bytes \(a duplicate of #0, whose echo came before\)/,
  );
});

Deno.test("a receive_from that times out says what its socket sent and received", async () => {
  const result = await runYaml(
    `name: one reply lost
transport: udp
server:
  - receive_from: { count: 2 }
  - send_to: { text: "a" }
client:
  - send_to: { text: "a" }
  - send_to: { text: "b" }
  - receive_from: { count: 2 }
    timeout: 300ms
`,
    "udp",
  );
  assert.match(
    failureOf(result),
    /^receive_from on client timed out after 300 ms, after 1 of 2 datagrams; client\/main sent 2 datagrams and received 1; #1 lost: no echo came/,
  );
});

Deno.test("a receive_from expected to time out that gets a duplicate says so", async () => {
  const result = await runYaml(
    `name: a duplicate where nothing should come
transport: udp
server:
  - receive_from: {}
  - send_to: { text: "once" }
  - send_to: { text: "once" }
client:
  - send_to: { text: "once" }
  - receive_from: { text: "once" }
  - receive_from: {}
    timeout: 300ms
    expect_error: TimedOut
`,
    "udp",
  );
  assert.equal(
    failureOf(result),
    "expected TimedOut, but the step succeeded: it received 1 read of 4 bytes (a duplicate of #0, whose echo came before); client/main sent 1 datagram and received 2; #0 duplicated",
  );
});
