import assert from "node:assert/strict";
import { Iperf3OutputError, parseIperf3Json, runIperf3 } from "./iperf3.ts";
import { which } from "./_spawn.ts";
import { readTestdata } from "./_testdata.ts";

Deno.test("parseIperf3Json reads TCP sender and receiver sums of iperf3 3.12 -J -l 128K", async () => {
  const summary = parseIperf3Json(await readTestdata("iperf3_tcp_128k.json.out"));
  assert.equal(summary.version, "iperf 3.12");
  assert.equal(summary.protocol, "tcp");
  assert.equal(summary.blockBytes, 131072);
  assert.equal(summary.streams, 1);
  assert.equal(summary.sentBytes, 10392698880);
  assert.equal(summary.receivedBytes, 10393878528);
  assert.equal(summary.seconds, 2.000023);
  assert.equal(summary.receivedBitsPerSecond, 41575035999.086);
  assert.equal(summary.cpuClientPercent, 99.1038734406588);
  assert.equal(summary.packets, undefined);
});

Deno.test("parseIperf3Json reads the stream count of a -P 2 run", async () => {
  const summary = parseIperf3Json(await readTestdata("iperf3_tcp_1k_p2.json.out"));
  assert.equal(summary.streams, 2);
  assert.equal(summary.blockBytes, 1024);
  assert.equal(summary.receivedBitsPerSecond, 7098252842.852172);
});

Deno.test("parseIperf3Json counts UDP datagrams received from bytes over the block size", async () => {
  const summary = parseIperf3Json(await readTestdata("iperf3_udp_1k.json.out"));
  assert.equal(summary.protocol, "udp");
  assert.equal(summary.packets, 354810);
  assert.equal(summary.lostPackets, 9389);
  assert.equal(summary.lostPercent, 2.646205011132719);
  assert.equal(summary.sentPacketsPerSecond, 354810 / 1.000021);
  // 353711104 bytes / 1024 = 345421 datagrams = 354810 sent - 9389 lost.
  assert.equal(summary.receivedPacketsPerSecond, 345421 / 1.000077);
});

Deno.test("parseIperf3Json passes on iperf3's loss above 100 % of a UDP run with -O", async () => {
  // Why runIperf3 never passes -O for UDP: iperf3 3.12 counts the omitted second's losses.
  const summary = parseIperf3Json(await readTestdata("iperf3_udp_1k_omit1.json.out"));
  assert.ok(summary.lostPercent! > 100, `lostPercent ${summary.lostPercent}`);
});

Deno.test("parseIperf3Json throws Iperf3OutputError with iperf3's own error", async () => {
  const text = await readTestdata("iperf3_refused.json.out");
  assert.throws(() => parseIperf3Json(text), (error: Error) => {
    assert.ok(error instanceof Iperf3OutputError);
    assert.match(error.message, /unable to connect to server: Connection refused/);
    return true;
  });
  assert.throws(() => parseIperf3Json("not json"), Iperf3OutputError);
  assert.throws(() => parseIperf3Json("{}"), Iperf3OutputError);
});

Deno.test({
  name: "runIperf3 measures TCP 1 KiB writes on loopback and reads its own JSON",
  ignore: (await which("iperf3")) === undefined,
  async fn() {
    const run = await runIperf3({ sizeBytes: 1024, durationSeconds: 1, omitSeconds: 0 });
    assert.equal(run.summary.protocol, "tcp");
    assert.equal(run.summary.blockBytes, 1024);
    assert.ok(run.summary.receivedBytes > 0);
    assert.match(run.commandLine, /-l 1K/);
  },
});

Deno.test({
  name: "runIperf3 runs UDP at -b 0 without -O and reports datagrams",
  ignore: (await which("iperf3")) === undefined,
  async fn() {
    const run = await runIperf3({ sizeBytes: 1024, udp: true, durationSeconds: 1, omitSeconds: 1 });
    assert.equal(run.summary.protocol, "udp");
    assert.doesNotMatch(run.commandLine, /-O [1-9]/);
    assert.match(run.commandLine, /-u -b 0/);
    assert.ok(run.summary.packets! > 0);
    const { packets, lostPackets, lostPercent } = run.summary;
    assert.ok(lostPackets! >= 0 && lostPackets! <= packets!, `${lostPackets} of ${packets} lost`);
    // iperf3 divides by the packets its receiver counted, a few fewer than were sent at the end.
    const share = (100 * lostPackets!) / packets!;
    assert.ok(Math.abs(lostPercent! - share) < 0.5, `lost ${lostPercent}%, counted ${share}%`);
  },
});
