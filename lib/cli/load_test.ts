import assert from "node:assert/strict";
import { main } from "./main.ts";
import { decodeHistogram } from "../runner/load_histogram.ts";
import type { LoadDocument, LoadResult } from "../runner/load_result.ts";

const ECHO = `name: echo load
transport: [tcp, unix]
server: { builtin: echo }
client:
  - connect: {}
  - send: { generate: 4KiB }
  - close_write: {}
  - receive: { until: eof, verify: sequence }
`;

const REQUESTS = `name: echo requests
transport: [tcp, unix]
server: { builtin: echo }
client:
  - connect: {}
  - request:
      - send: "ping\\n"
      - receive: "ping\\n"
  - request:
      - send: { hex: "00 ff" }
      - receive: { hex: "00 ff" }
`;

async function cli(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (text) => stdout += text,
    stderr: (text) => stderr += text,
  });
  return { code, stdout, stderr };
}

async function load(yaml: string, args: string[]) {
  const dir = await Deno.makeTempDir({ prefix: "sockspec-load-" });
  try {
    await Deno.writeTextFile(`${dir}/s.yaml`, yaml);
    const { code, stdout, stderr } = await cli([
      `${dir}/s.yaml`,
      "--load",
      "--load-json",
      `${dir}/out.json`,
      "--load-hgrm",
      `${dir}/out.hgrm`,
      ...args,
    ]);
    const written = async (name: string) => {
      try {
        return await Deno.readTextFile(`${dir}/${name}`);
      } catch {
        return undefined;
      }
    };
    const json = await written("out.json");
    const document: LoadDocument | undefined = json ? JSON.parse(json) : undefined;
    return { code, stdout, stderr, document, hgrm: await written("out.hgrm") };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Sums of the intervals, and the histogram's count, which must agree with the totals. */
function assertConsistent(result: LoadResult) {
  assert.equal(decodeHistogram(result.histogram).totalCount, result.completed);
  assert.equal(result.latency.count, result.completed);
  assert.equal(result.intervals.reduce((n, i) => n + i.completed, 0), result.completed);
  assert.equal(result.intervals.reduce((n, i) => n + i.errors, 0), result.errors);
}

Deno.test("--load repeats the client steps and reports rounds, bytes and latency", async () => {
  const { code, stdout, document } = await load(ECHO, [
    "--load-rounds",
    "40",
    "--load-clients",
    "4",
  ]);
  assert.equal(code, 0, stdout);
  assert.match(stdout, /echo load \[tcp\] 4 clients, in-thread, closed loop: /);
  assert.match(stdout, /40 rounds, [\d,]+ rounds\/s, 0 errors/);
  assert.match(stdout, /163,840 bytes sent, 163,840 received, [\d.]+ [kMG]?bit\/s/);
  assert.match(stdout, /round latency from its start/);
  const [tcp] = document!.results;
  assert.equal(tcp.unit, "round");
  assert.equal(tcp.completed, 40);
  assert.equal(tcp.sentBytes, 40 * 4096);
  assert.equal(tcp.receivedBytes, 40 * 4096);
  assert.ok(tcp.checks.every((c) => c.ok));
  assertConsistent(tcp);
});

Deno.test("--load-rate paces rounds from their intended start, never before it", async () => {
  const { code, document } = await load(ECHO, [
    "--transport",
    "tcp",
    "--load-rate",
    "100",
    "--load-duration",
    "300ms",
  ]);
  assert.equal(code, 0);
  const [result] = document!.results;
  assert.equal(result.ratePerSecond, 100);
  // The schedule holds 30 rounds in 300 ms; an open-loop run never starts one ahead of it.
  assert.ok(result.completed <= 31, `${result.completed} rounds`);
  assert.ok(result.completed > 0);
});

Deno.test("an open-loop round is never timed below zero (the 0.0 µs minimum)", async () => {
  // Rounds of almost no work, at 2000/s by 8 clients: a timer that fires early (Deno's may, by up to about
  // half a millisecond) would end a round before its intended start. Its latency would be 0
  // or less, which the histogram clamps to its lowest value, 1 ns.
  const idle = `name: idle rounds
transport: tcp
server: { builtin: echo }
client:
  - mark: round
`;
  const { code, document } = await load(idle, [
    "--load-clients",
    "8",
    "--load-rate",
    "2000",
    "--load-duration",
    "500ms",
  ]);
  assert.equal(code, 0);
  const [result] = document!.results;
  assert.ok(result.completed > 100, `${result.completed} rounds`);
  assert.ok(result.latency.minMicros > 0.001, `min ${result.latency.minMicros} µs`);
});

Deno.test("--load counts failed rounds and exits 1", async () => {
  const { code, stdout } = await load(ECHO.replace("verify: sequence", "text: nope"), [
    "--transport",
    "tcp",
    "--load-rounds",
    "5",
  ]);
  assert.equal(code, 1);
  assert.match(stdout, /0 rounds, 0 rounds\/s, 5 errors \(first: .*differ/);
});

Deno.test("--load of request steps runs in workers and times every request", async () => {
  const { code, stdout, document, hgrm } = await load(REQUESTS, [
    "--load-rounds",
    "50",
    "--load-clients",
    "3",
    "--load-workers",
    "2",
  ]);
  assert.equal(code, 0, stdout);
  assert.match(stdout, /echo requests \[unix\] 3 connections, 2 workers, closed loop/);
  assert.match(stdout, /100 requests, [\d,]+ requests\/s, 0 errors/);
  assert.match(stdout, /request latency from its send/);
  assert.match(stdout, /^ +min +[\d.]+ [µm]s$/m);
  assert.match(stdout, /^ +99\.900% +[\d.]+ [µm]?s$/m);
  assert.match(stdout, /^ +100\.000% +[\d.]+ [µm]?s$/m);
  assert.doesNotMatch(stdout, /bit\/s/);
  for (const result of document!.results) {
    assert.equal(result.unit, "request");
    assert.equal(result.workers, 2);
    assert.equal(result.completed, 100);
    assert.equal(result.errors, 0);
    // 50 rounds of "ping\n" (5 bytes) and 00 ff (2 bytes), each way.
    assert.equal(result.sentBytes, 50 * 7);
    assert.equal(result.receivedBytes, 50 * 7);
    assert.ok(result.latency.minMicros > 0.001);
    assertConsistent(result);
  }
  assert.match(hgrm!, /^ +Value +Percentile +TotalCount 1\/\(1-Percentile\)/);
  assert.match(hgrm!, /Total count\s*=\s*100\]/);
});

Deno.test("--load-pipeline keeps several requests in flight and still counts exactly", async () => {
  const { code, stdout, document } = await load(REQUESTS, [
    "--transport",
    "tcp",
    "--load-rounds",
    "64",
    "--load-clients",
    "2",
    "--load-pipeline",
    "16",
  ]);
  assert.equal(code, 0, stdout);
  assert.match(stdout, /pipeline 16/);
  const [result] = document!.results;
  assert.equal(result.pipeline, 16);
  assert.equal(result.completed, 128);
  assert.equal(result.receivedBytes, 64 * 7);
  assertConsistent(result);
});

Deno.test("--load-pipeline keeps requests in flight: a server that answers 4 at a time is served", async () => {
  // The server answers only once 4 requests have arrived: a client with 1 request in flight
  // waits for an answer that never comes.
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const serving = (async () => {
    const handlers: Promise<void>[] = [];
    for await (const conn of listener) {
      handlers.push((async () => {
        const buffer = new Uint8Array(1024);
        let pending = 0;
        try {
          for (let n; (n = await conn.read(buffer)) !== null;) {
            pending += n;
            while (pending >= 4 * 5) {
              await conn.write(new TextEncoder().encode("ping\n".repeat(4)));
              pending -= 4 * 5;
            }
          }
        } catch { /* closed by the client */ }
        conn.close();
      })());
    }
    await Promise.all(handlers);
  })();
  const yaml = `name: batches of four
transport: tcp
step_timeout: 500ms
server: { address: "127.0.0.1:${listener.addr.port}" }
client:
  - connect: {}
  - request:
      - send: "ping\\n"
      - receive: "ping\\n"
`;
  const piped = await load(yaml, ["--load-rounds", "40", "--load-pipeline", "4"]);
  assert.equal(piped.code, 0, piped.stdout + piped.stderr);
  assert.equal(piped.document!.results[0].completed, 40);
  const single = await load(yaml, ["--load-rounds", "4"]);
  assert.equal(single.code, 1);
  assert.match(single.stdout, /no response within 500 ms/);
  listener.close();
  await serving;
});

Deno.test("request steps in a script that cannot be pipelined are timed round by round in-thread", async () => {
  // The close_write and expect_eof make the script more than requests: it runs through the step
  // runners, and each request step is still timed.
  const yaml = `name: requests then half-close
transport: tcp
server: { builtin: echo }
client:
  - connect: {}
  - request:
      - send: "a"
      - receive: "a"
  - request:
      - send: "b"
      - receive: "b"
  - close_write: {}
  - expect_eof: {}
`;
  const { code, stdout, document } = await load(yaml, [
    "--load-rounds",
    "10",
    "--load-clients",
    "2",
  ]);
  assert.equal(code, 0, stdout);
  assert.match(stdout, /2 clients, in-thread, closed loop/);
  const [result] = document!.results;
  assert.equal(result.unit, "request");
  assert.equal(result.workers, 0);
  assert.equal(result.completed, 20);
  assertConsistent(result);
});

Deno.test("a scenario without a scripted client cannot be a load test", async () => {
  const yaml = `name: only a command client
transport: tcp
server: { builtin: echo }
client: { command: "true" }
`;
  const { code, stdout } = await load(yaml, ["--load-rounds", "3"]);
  assert.equal(code, 2);
  assert.match(stdout, /no scripted client whose steps a load could repeat/);
});

Deno.test("a wrong response fails its request with the byte that differs, and exits 1", async () => {
  const { code, stdout, document } = await load(
    REQUESTS.replace('receive: "ping\\n"', 'receive: "pong\\n"'),
    ["--transport", "tcp", "--load-rounds", "3"],
  );
  assert.equal(code, 1);
  assert.match(
    stdout,
    /1 connection, 1 worker, closed loop[^]*3 requests, .*, 3 errors \(first: .*s\.yaml:\d+: response byte 1 is 0x69, expected 0x6f/,
  );
  // Each round's first request fails, and its second, on a new connection, succeeds.
  const [result] = document!.results;
  assert.equal(result.errors, 3);
  assert.equal(result.completed, 3);
  assertConsistent(result);
});

Deno.test("--load-pipeline on a client without request steps exits 2 and says why", async () => {
  const { code, stdout } = await load(ECHO, ["--transport", "tcp", "--load-pipeline", "4"]);
  assert.equal(code, 2);
  assert.match(
    stdout,
    /--load-pipeline needs a client of request steps: the client has no request steps/,
  );
});

Deno.test("--load-budget passes within the budget and fails naming percentile, budget and value", async () => {
  const args = ["--transport", "tcp", "--load-rate", "200", "--load-duration", "200ms"];
  const met = await load(REQUESTS, [...args, "--load-budget", "p99=10s"]);
  assert.equal(met.code, 0, met.stdout);
  assert.match(met.stdout, /budget p99 <= 10\.0 s: measured [\d.]+ [µm]?s, met/);
  const over = await load(REQUESTS, [...args, "--load-budget", "p50=1us,max=10s"]);
  assert.equal(over.code, 1);
  assert.match(over.stdout, /budget p50 <= 1\.00 µs: measured [\d.]+ [µm]?s, over budget/);
  assert.match(over.stdout, /budget max <= 10\.0 s: measured .*, met/);
  const [result] = over.document!.results;
  assert.deepEqual(result.budget!.map((b) => [b.label, b.ok]), [["p50", false], ["max", true]]);
});

Deno.test("--load-budget without --load-rate, or --load-* without --load, is a usage error", async () => {
  const { code, stderr } = await cli(["--load", "--load-budget", "p99=5ms"]);
  assert.equal(code, 2);
  assert.match(stderr, /--load-budget needs --load-rate/);
  const alone = await cli(["--load-clients", "8"]);
  assert.equal(alone.code, 2);
  assert.match(alone.stderr, /--load-clients goes with --load/);
  const bad = await cli(["--load", "--load-rate", "10", "--load-budget", "p42=5ms"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /expected one of p50, p75, .* max, found p42/);
});

Deno.test("--load-reconnect opens a connection a round; otherwise connections stay open", async () => {
  let accepted = 0;
  using listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const serving = (async () => {
    const echoes: Promise<void>[] = [];
    for await (const conn of listener) {
      accepted++;
      echoes.push(conn.readable.pipeTo(conn.writable).catch(() => {}));
    }
    await Promise.all(echoes);
  })();
  const address = `127.0.0.1:${listener.addr.port}`;
  const args = ["--transport", "tcp", "--target-address", address, "--load-rounds", "12"];
  const kept = await load(REQUESTS, [...args, "--load-clients", "2"]);
  assert.equal(kept.code, 0, kept.stdout);
  assert.equal(accepted, 2);
  const fresh = await load(REQUESTS, [...args, "--load-clients", "2", "--load-reconnect"]);
  assert.equal(fresh.code, 0, fresh.stdout);
  assert.equal(fresh.document!.results[0].completed, 24);
  assert.equal(accepted, 2 + 12);
  listener.close();
  await serving;
});

Deno.test("load-merge of 4 partial results equals their totals to the count", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sockspec-merge-" });
  try {
    await Deno.writeTextFile(`${dir}/s.yaml`, REQUESTS);
    const parts: LoadResult[] = [];
    for (let i = 0; i < 4; i++) {
      const rounds = String(10 + i);
      const run = await cli([
        `${dir}/s.yaml`,
        "--transport",
        "tcp",
        "--load",
        "--load-rounds",
        rounds,
        "--load-json",
        `${dir}/part${i}.json`,
      ]);
      assert.equal(run.code, 0, run.stdout);
      parts.push(
        (JSON.parse(await Deno.readTextFile(`${dir}/part${i}.json`)) as LoadDocument).results[0],
      );
    }
    const merged = await cli([
      "load-merge",
      ...parts.map((_, i) => `${dir}/part${i}.json`),
      "--output",
      `${dir}/all.json`,
    ]);
    assert.equal(merged.code, 0, merged.stderr);
    assert.match(merged.stdout, /4 instances merged/);
    const [all] = (JSON.parse(await Deno.readTextFile(`${dir}/all.json`)) as LoadDocument).results;
    // (10 + 11 + 12 + 13) rounds of 2 requests.
    assert.equal(all.completed, 92);
    assert.equal(all.instances, 4);
    assert.equal(all.sentBytes, parts.reduce((n, p) => n + p.sentBytes, 0));
    assertConsistent(all);
    const histogram = decodeHistogram(all.histogram);
    assert.equal(
      histogram.maxValue,
      Math.max(...parts.map((p) => decodeHistogram(p.histogram).maxValue)),
    );
    assert.equal(
      histogram.minNonZeroValue,
      Math.min(...parts.map((p) => decodeHistogram(p.histogram).minNonZeroValue)),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("load-merge rejects a file that is not --load-json output", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sockspec-merge-" });
  try {
    await Deno.writeTextFile(`${dir}/x.json`, `{"results": [{"name": "x"}]}`);
    const { code, stderr } = await cli(["load-merge", `${dir}/x.json`]);
    assert.equal(code, 2);
    assert.match(stderr, /x\.json: results\[0\]: expected "histogram" and "intervals"/);
    const none = await cli(["load-merge"]);
    assert.equal(none.code, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
