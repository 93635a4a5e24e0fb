import assert from "node:assert/strict";
import { startRecorder, toScenario } from "./record.ts";
import { parseScenarios } from "../scenario/load.ts";
import { runScenario } from "../runner/run_scenario.ts";

/** A port the kernel just gave out, free again. */
function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** A fresh redis-server on loopback, without persistence; `using` stops it. */
async function redisServer(): Promise<{ port: number; [Symbol.asyncDispose](): Promise<void> }> {
  const port = freePort();
  const child = new Deno.Command("redis-server", {
    args: ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    stdout: "null",
    stderr: "null",
  }).spawn();
  for (let i = 0; i < 200; i++) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 25)); // polls readiness, bounded
    }
  }
  return {
    port,
    async [Symbol.asyncDispose]() {
      child.kill("SIGTERM");
      await child.status;
    },
  };
}

/** One redis-cli command on a connection of its own (argv, no shell). */
async function redisCli(port: number, ...command: string[]): Promise<string> {
  const { stdout } = await new Deno.Command("redis-cli", {
    args: ["-p", String(port), ...command],
    stdin: "null",
    stderr: "null",
  }).output();
  return new TextDecoder().decode(stdout);
}

const HAS_REDIS = await new Deno.Command("redis-server", { args: ["--version"] }).output()
  .then((o) => o.success, () => false);

Deno.test({
  name: "a recorded redis-cli session replays against a fresh server and fails on other data",
  ignore: !HAS_REDIS,
  async fn() {
    await using recorded = await redisServer();
    const recorder = startRecorder({
      listen: { host: "127.0.0.1", port: 0 },
      forward: { host: "127.0.0.1", port: recorded.port },
      connections: 4,
      // What INFO says that differs between two servers of one build.
      masks: [
        /^\$\d+/,
        /process_id:\d+/,
        /run_id:[0-9a-f]{40}/,
        /tcp_port:\d+/,
        /server_time_usec:\d+/,
        /uptime_in_\w+:\d+/,
        /lru_clock:\d+/,
      ],
    });
    const port = (recorder.endpoint as { port: number }).port;
    assert.equal(await redisCli(port, "SET", "greeting", "hello"), "OK\n");
    assert.equal(await redisCli(port, "GET", "greeting"), "hello\n");
    assert.equal(await redisCli(port, "INCR", "visits"), "1\n");
    assert.match(await redisCli(port, "INFO", "server"), /run_id:/);
    const yaml = await recorder.scenario;
    assert.match(yaml, /send: "\*3\\r\\n\$3\\r\\nSET\\r\\n/);
    assert.match(yaml, /match: .*\(\?:run_id:\[0-9a-f\]\{40\}\)/);
    const replay = async (serverPort: number) => {
      const text = yaml.replaceAll(`127.0.0.1:${recorded.port}`, `127.0.0.1:${serverPort}`);
      const [scenario] = parseScenarios(text, "recorded.yaml");
      return await runScenario(scenario, "tcp", { seed: 1 });
    };
    await using fresh = await redisServer();
    const passed = await replay(fresh.port);
    assert.equal(passed.status, "passed", JSON.stringify(passed.failure));
    await using other = await redisServer();
    await redisCli(other.port, "SET", "visits", "41");
    const failed = await replay(other.port);
    assert.equal(failed.status, "failed");
    assert.match(failed.failure?.message ?? "", /differ from the expected ones/);
    assert.match(new TextDecoder().decode(failed.failure?.received), /^:42/);
    // The second scenario serves the recorded server half, here to the recorded clients.
    const [, serverHalf] = parseScenarios(yaml, "recorded.yaml");
    const served = await runScenario(serverHalf, "tcp", { seed: 1 });
    assert.equal(served.status, "passed", JSON.stringify(served.failure));
  },
});

Deno.test("toScenario writes sends, receives, half-closes, hex, masks and client pauses", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  const yaml = toScenario(
    [[
      { from: "client", atMs: 1, data: bytes("GET ") },
      { from: "client", atMs: 2, data: bytes("id\n") },
      { from: "server", atMs: 3, data: bytes("id=42 at 12:00\n") },
      { from: "client", atMs: 503, data: Uint8Array.of(0x00, 0xff) },
      { from: "client", atMs: 504, eof: true },
      { from: "server", atMs: 505, data: bytes("{json}") },
      { from: "server", atMs: 506, eof: true },
    ]],
    { host: "127.0.0.1", port: 7000 },
    [/\d\d:\d\d/, /id=\d+/],
  );
  const [scenario, serverHalf] = parseScenarios(yaml, "recorded.yaml");
  assert.deepEqual(scenario.peers.map((p) => p.name), ["server", "client_1"]);
  assert.deepEqual(serverHalf.peers[0].steps.map((s) => s.kind), [
    "accept",
    "receive",
    "send",
    "receive",
    "expect_eof",
    "send",
    "close_write",
  ]);
  assert.equal(scenario.peers[0].doc.address, "127.0.0.1:7000");
  assert.deepEqual(scenario.peers[1].steps.map((s) => [s.kind, s.args]), [
    ["connect", {}],
    ["send", "GET id\n"],
    ["receive", { match: "^(?:id=\\d+) at (?:\\d\\d:\\d\\d)\n", max: 1024 }],
    ["sleep", 500],
    ["send", { hex: "00 ff", pattern: "sequence" }],
    ["close_write", {}],
    ["receive", { hex: "7b 6a 73 6f 6e 7d" }],
    ["expect_eof", {}],
  ]);
});
