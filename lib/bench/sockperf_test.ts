import assert from "node:assert/strict";
import { parseSockperfOutput, runSockperfPingPong, SockperfOutputError } from "./sockperf.ts";
import { which } from "./_spawn.ts";
import { readTestdata } from "./_testdata.ts";

Deno.test("parseSockperfOutput reads a TCP --full-rtt ping-pong, colour codes and all", async () => {
  const s = parseSockperfOutput(await readTestdata("sockperf_tcp_64_full_rtt.out"));
  assert.equal(s.version, "3.7-no.git");
  assert.equal(s.protocol, "tcp");
  assert.equal(s.fullRtt, true);
  assert.equal(s.seconds, 0.55);
  assert.equal(s.sentMessages, 35844);
  assert.equal(s.observations, 35844);
  assert.equal(s.meanMicros, 15.295);
  assert.equal(s.stdevMicros, 8.245);
  assert.equal(s.minMicros, 5.943);
  assert.equal(s.p50Micros, 14.334);
  assert.equal(s.p90Micros, 18.124);
  assert.equal(s.p99Micros, 23.204);
  assert.equal(s.p999Micros, 31.63);
  assert.equal(s.maxMicros, 892.152);
  assert.equal(s.dropped, 0);
});

Deno.test("parseSockperfOutput reads a UDP ping-pong whose figures sockperf halved", async () => {
  const s = parseSockperfOutput(await readTestdata("sockperf_udp_1k.out"));
  assert.equal(s.protocol, "udp");
  assert.equal(s.fullRtt, false);
  assert.equal(s.meanMicros, 3.026);
  assert.equal(s.p50Micros, 2.934);
  assert.equal(s.minMicros, 2.699);
});

Deno.test("parseSockperfOutput throws SockperfOutputError naming the missing line", async () => {
  const text = await readTestdata("sockperf_udp_1k.out");
  const cut = text.split("\n").filter((line) => !line.includes("percentile 99.900")).join("\n");
  assert.throws(() => parseSockperfOutput(cut), /percentile 99\.900/);
  assert.throws(() => parseSockperfOutput(""), SockperfOutputError);
});

Deno.test({
  name: "runSockperfPingPong measures TCP 64 B full round trips on loopback",
  ignore: (await which("sockperf")) === undefined,
  async fn() {
    const run = await runSockperfPingPong({ sizeBytes: 64, tcp: true, durationSeconds: 1 });
    assert.equal(run.summary.protocol, "tcp");
    assert.equal(run.summary.fullRtt, true);
    assert.ok(run.summary.observations > 0);
    assert.ok(run.summary.minMicros <= run.summary.p50Micros);
    assert.ok(run.summary.p50Micros <= run.summary.maxMicros);
  },
});
