import assert from "node:assert/strict";
import { failureOf, runYaml } from "./_test_helpers.ts";

Deno.test("listen opens a second listener that a connect reaches", async () => {
  const result = await runYaml(`name: listen
transport: tcp
client:
  - listen: {}
    conn: extra
  - connect: { port: "{extra.port}" }
    conn: out
  - accept: { from: extra }
    conn: in
  - send: "x"
    conn: out
  - receive: "x"
    conn: in
`);
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
});

Deno.test("listen binds a datagram socket on udp", async () => {
  const result = await runYaml(
    `name: bind
transport: udp
client:
  - listen: {}
    conn: a
  - send_to: { text: "hi", port: "{a.port}" }
  - receive_from: { text: "hi" }
    conn: a
`,
    "udp",
  );
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
});

Deno.test("listen on a port that is taken fails with AddrInUse", async () => {
  const result = await runYaml(`name: taken
transport: tcp
client:
  - listen: {}
    conn: a
  - listen: { port: "{a.port}" }
    conn: b
`);
  assert.match(failureOf(result), /AddrInUse/);
});
