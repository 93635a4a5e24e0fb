import assert from "node:assert/strict";
import { failureOf, runYaml } from "./_test_helpers.ts";

Deno.test("connect reaches the server on tcp and captures both ends' addresses", async () => {
  const result = await runYaml(`name: connect
transport: tcp
server: { builtin: echo }
client:
  - connect: { no_delay: true, keep_alive: true }
  - assert: { match: ["{main.remote_address}", "^127\\\\.0\\\\.0\\\\.1:[0-9]+$"] }
  - assert: { between: ["{main.local_port}", 1, 65535] }
  - assert: { not_equal: ["{main.local_port}", "{main.remote_port}"] }
`);
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
});

Deno.test("connect reaches the server's path on unix", async () => {
  const result = await runYaml(
    `name: connect unix
transport: unix
server: { builtin: echo }
client:
  - connect: {}
  - assert: { match: ["{main.remote_address}", "^/"] }
`,
    "unix",
  );
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
});

Deno.test("connect to a port where nothing listens fails with ConnectionRefused", async () => {
  const result = await runYaml(`name: refused
transport: tcp
client:
  - listen: {}
    conn: spare
  - close: {}
    conn: spare
  - connect: { port: "{spare.port}" }
`);
  assert.match(failureOf(result), /ConnectionRefused/);
});
