import assert from "node:assert/strict";
import { DEFAULT_REPORT_OPTIONS, parseReportArgs } from "./report_args.ts";
import { planCases } from "./report_plan.ts";

const allTools = { iperf3: true, sockperf: true };

Deno.test("planCases compares tcp with iperf3, udp with iperf3 -u, round trips with sockperf", () => {
  const cases = planCases(DEFAULT_REPORT_OPTIONS, allTools);
  const byId = new Map(cases.map((c) => [c.id, c]));
  assert.deepEqual(byId.get("tcp throughput 128 KiB x1")?.reference, {
    tool: "iperf3",
    udp: false,
  });
  assert.deepEqual(byId.get("tcp throughput 1 KiB x4")?.connections, 4);
  assert.equal(byId.get("unix throughput 1 KiB x1")?.reference, undefined);
  assert.deepEqual(byId.get("udp throughput 1 KiB")?.reference, { tool: "iperf3", udp: true });
  assert.deepEqual(byId.get("tcp round trip 64 B")?.reference, { tool: "sockperf", tcp: true });
  assert.deepEqual(byId.get("udp round trip 1 KiB")?.reference, { tool: "sockperf", tcp: false });
  assert.equal(byId.get("unixgram round trip 64 B")?.reference, undefined);
  assert.deepEqual(byId.get("tcp latency under load 64 B")?.fractions, [0.25, 0.5, 0.75]);
});

Deno.test("planCases keeps datagram sizes above the maximum as skipped cases with the reason", () => {
  const cases = planCases(DEFAULT_REPORT_OPTIONS, allTools);
  const udp1M = cases.find((c) => c.id === "udp throughput 1 MiB");
  assert.match(udp1M?.skipped ?? "", /65507/);
  assert.equal(udp1M?.reference, undefined);
  assert.equal(cases.find((c) => c.id === "unixgram throughput 64 KiB")?.skipped, undefined);
  assert.match(cases.find((c) => c.id === "udp throughput 64 KiB")?.skipped ?? "", /65507/);
});

Deno.test("planCases without tools or with --no-compare has no references", () => {
  const none = planCases(DEFAULT_REPORT_OPTIONS, { iperf3: false, sockperf: false });
  assert.ok(none.every((c) => c.reference === undefined));
  const noCompare = planCases(parseReportArgs(["--no-compare"]), allTools);
  assert.ok(noCompare.every((c) => c.reference === undefined));
});

Deno.test("planCases runs only the transports asked for", () => {
  const cases = planCases(parseReportArgs(["--transports=unix", "--sizes=64"]), allTools);
  assert.ok(cases.length > 0 && cases.every((c) => c.transport === "unix"));
});

Deno.test("planCases adds redis PING cases beside redis-benchmark, or skips them without redis-server", () => {
  const tools = { ...allTools, redisServer: true, redisBenchmark: true };
  const cases = planCases(DEFAULT_REPORT_OPTIONS, tools);
  const redis = cases.filter((c) => c.kind === "redis_ping");
  assert.deepEqual(redis.map((c) => [c.id, c.pipeline, c.reference]), [
    ["redis PING x8", 1, { tool: "redis-benchmark", pipeline: 1 }],
    ["redis PING x8 pipeline 16", 16, { tool: "redis-benchmark", pipeline: 16 }],
  ]);
  const without = planCases(DEFAULT_REPORT_OPTIONS, allTools).filter((c) =>
    c.kind === "redis_ping"
  );
  assert.ok(without.every((c) => /redis-server is not installed/.test(c.skipped ?? "")));
  const unixOnly = planCases(parseReportArgs(["--transports=unix"]), tools);
  assert.ok(unixOnly.every((c) => c.kind !== "redis_ping"));
});
