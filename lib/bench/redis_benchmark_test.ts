import assert from "node:assert/strict";
import {
  parseRedisBenchmarkCsv,
  RedisBenchmarkOutputError,
  runRedisBenchmark,
} from "./redis_benchmark.ts";
import { startRedisServer } from "./redis_ping.ts";
import { which } from "./_spawn.ts";

Deno.test("parseRedisBenchmarkCsv reads requests/s and latencies in µs", async () => {
  const text = await Deno.readTextFile(
    new URL("./testdata/redis_benchmark_ping.csv", import.meta.url),
  );
  const summary = parseRedisBenchmarkCsv(text);
  const row = text.split("\n")[1].split(",").map((c) => Number(c.replaceAll('"', "")));
  assert.equal(summary.test, "PING_INLINE");
  assert.equal(summary.requestsPerSecond, row[1]);
  assert.equal(summary.p50Micros, row[4] * 1000);
  assert.equal(summary.maxMicros, row[7] * 1000);
});

Deno.test("parseRedisBenchmarkCsv says what it expected", () => {
  assert.throws(
    () => parseRedisBenchmarkCsv("PING_INLINE: 30321.41 requests per second"),
    RedisBenchmarkOutputError,
  );
});

const tools = (await which("redis-server")) && (await which("redis-benchmark"));

Deno.test({
  name: "runRedisBenchmark measures a real redis-server",
  ignore: !tools,
  fn: async () => {
    await using server = await startRedisServer();
    const { commandLine, summary } = await runRedisBenchmark({
      port: server.port,
      clients: 2,
      requests: 2000,
      pipeline: 4,
    });
    assert.match(commandLine, /-c 2 -n 2000 -P 4 -t ping_inline --csv$/);
    assert.ok(summary.requestsPerSecond > 0);
  },
});
