import assert from "node:assert/strict";
import { ActiveSteps } from "./active_steps.ts";
import { Recorder } from "../record/recorder.ts";
import { parseScenarios } from "../scenario/load.ts";

const HERE = new URL(".", import.meta.url).pathname;

const [scenario] = parseScenarios(
  `name: where peers wait
transport: udp
server:
  - receive_from: {}
  - send_to: { text: "x" }
client:
  - send_to: { text: "a" }
  - repeat:
      times: 2
      steps:
        - send_to: { text: "b" }
        - receive_from: { count: 7 }
  - parallel:
      - - sleep: 1s
      - - receive_from: {}
`,
  `${HERE}testdata/inline.yaml`,
);
const server = scenario.peers.find((p) => p.name === "server")!.steps;
const client = scenario.peers.find((p) => p.name === "client")!.steps;

Deno.test("a peer's step is named by its number, kind and line, with what it received", () => {
  const record = new Recorder();
  const active = new ActiveSteps(record);
  record.add({ peer: "client", conn: "main", kind: "receive", bytes: 1 });
  const repeat = active.enter("client", client[1], { number: 2, socket: "main" });
  const receive = active.enter("client", client[1].children[1], { number: 2, socket: "main" });
  for (let i = 0; i < 6; i++) {
    record.add({ peer: "client", conn: "main", kind: "receive", bytes: 1 });
  }
  active.enter("server", server[0], { number: 1, socket: "main" });
  assert.equal(
    active.describe(true),
    "client was in step 2 (repeat, line 8) > step 2 (receive_from, line 12), after 6 of 7 datagrams; " +
      "server was in step 1 (receive_from, line 4), after 0 datagrams",
  );
  active.leave(receive);
  active.leave(repeat);
  assert.match(active.describe(true)!, /^server was in step 1/);
});

Deno.test("the branches of a parallel step are each named", () => {
  const active = new ActiveSteps(new Recorder());
  active.enter("client", client[2], { number: 3, socket: "main" });
  active.enter("client", client[2].branches[0][0], { number: 1, socket: "main" });
  active.enter("client", client[2].branches[1][0], { number: 1, socket: "main" });
  assert.equal(
    active.describe(false),
    "client was in step 3 (parallel, line 13) > step 1 (sleep, line 14) and " +
      "step 1 (receive_from, line 15), after 0 bytes received",
  );
});

Deno.test("at most 4 peers are named, then how many more", () => {
  const active = new ActiveSteps(new Recorder());
  for (let i = 1; i <= 6; i++) {
    active.enter(`client#${i}`, client[0], { number: 1, socket: "main" });
  }
  assert.equal(
    active.describe(true),
    "client#1 was in step 1 (send_to, line 7); client#2 was in step 1 (send_to, line 7); " +
      "client#3 was in step 1 (send_to, line 7); client#4 was in step 1 (send_to, line 7); and 2 more",
  );
});

Deno.test("no step running, nothing to say", () => {
  assert.equal(new ActiveSteps(new Recorder()).describe(true), undefined);
});
