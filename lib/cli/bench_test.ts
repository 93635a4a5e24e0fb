import assert from "node:assert/strict";
import { main } from "./main.ts";

const ECHO = `name: echo load
transport: [tcp, unix]
server: { builtin: echo }
client:
  - connect: {}
  - send: { generate: 4KiB }
  - close_write: {}
  - receive: { until: eof, verify: sequence }
`;

async function bench(yaml: string, args: string[]) {
  const dir = await Deno.makeTempDir({ prefix: "sockspec-bench-" });
  try {
    await Deno.writeTextFile(`${dir}/s.yaml`, yaml);
    let stdout = "";
    const code = await main([
      `${dir}/s.yaml`,
      "--bench",
      "--bench-json",
      `${dir}/out.json`,
      ...args,
    ], {
      stdout: (text) => stdout += text,
      stderr: () => {},
    });
    const json = code === 0 ? JSON.parse(await Deno.readTextFile(`${dir}/out.json`)) : undefined;
    return { code, stdout, json };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("--bench repeats the client steps and reports rounds, bytes and latency", async () => {
  const { code, stdout, json } = await bench(ECHO, [
    "--bench-rounds",
    "40",
    "--bench-clients",
    "4",
  ]);
  assert.equal(code, 0, stdout);
  assert.match(stdout, /echo load \[tcp\] 4 clients: 40 rounds, \d+ rounds\/s/);
  assert.match(stdout, /round latency: min .* p50 .* p99\.9 .* max/);
  const [tcp] = json.results;
  assert.equal(tcp.rounds, 40);
  assert.equal(tcp.sentBytes, 40 * 4096);
  assert.equal(tcp.receivedBytes, 40 * 4096);
  assert.equal(tcp.latency.count, 40);
  assert.ok(tcp.properties.every((p: { ok: boolean }) => p.ok));
});

Deno.test("--bench-rate paces rounds from their intended start (open loop)", async () => {
  const { code, json } = await bench(ECHO, [
    "--transport",
    "tcp",
    "--bench-rate",
    "50",
    "--bench-duration",
    "400ms",
  ]);
  assert.equal(code, 0);
  const [result] = json.results;
  assert.equal(result.ratePerSecond, 50);
  // The schedule holds 20 rounds in 400 ms; an open-loop run never starts one ahead of it.
  assert.ok(result.rounds <= 21, `${result.rounds} rounds`);
  assert.ok(result.rounds > 0);
});

Deno.test("--bench counts failed rounds and exits 1", async () => {
  const { code, stdout } = await bench(ECHO.replace("verify: sequence", "text: nope"), [
    "--transport",
    "tcp",
    "--bench-rounds",
    "5",
  ]);
  assert.equal(code, 1);
  assert.match(stdout, /0 rounds, 0 rounds\/s, .*5 failed \(.*differ/);
});
