import assert from "node:assert/strict";
import { failureOf, runYaml } from "./_test_helpers.ts";

Deno.test("close_write half-closes: the peer reads EOF and can still answer", async () => {
  const result = await runYaml(
    `name: half-close
transport: unix
server:
  steps:
    - accept: {}
    - receive: { until: eof, text: "question" }
    - send: "answer"
client:
  - connect: {}
  - send: "question"
  - close_write: {}
  - receive: { until: eof, text: "answer" }
`,
    "unix",
  );
  assert.equal(result.status, "passed", JSON.stringify(result.failure));
});

Deno.test("without close_write the peer waiting for EOF never gets it", async () => {
  const result = await runYaml(`name: no half-close
transport: tcp
timeout: 2s
server:
  steps:
    - accept: {}
    - receive: { until: eof, text: "question" }
      timeout: 300ms
client:
  - connect: {}
  - send: "question"
  - receive: { until: eof }
`);
  assert.match(failureOf(result), /timed out/);
});
