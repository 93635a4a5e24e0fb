import assert from "node:assert/strict";
import { measureRedisPing } from "./load_redis_ping.ts";
import { startRedisServer } from "../bench/redis_ping.ts";
import { which } from "../bench/_spawn.ts";

Deno.test({
  name: "measureRedisPing loads a real redis-server with pipelined PINGs, without errors",
  ignore: !(await which("redis-server")),
  fn: async () => {
    await using server = await startRedisServer();
    const result = await measureRedisPing({
      port: server.port,
      clients: 2,
      pipeline: 4,
      warmupMs: 0,
      durationMs: 300,
    });
    assert.equal(result.errors, 0, result.firstError);
    assert.ok(result.completed > 0);
    assert.equal(result.latency.count, result.completed);
    assert.equal(result.pipeline, 4);
  },
});
