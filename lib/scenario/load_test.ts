import assert from "node:assert/strict";
import { loadScenarioFile, parseScenarios } from "./load.ts";
import { ScenarioFileError } from "./errors.ts";
import { scenarioJsonSchema, SCHEMA_PATH } from "./write_schema.ts";

function errorOf(text: string): ScenarioFileError {
  try {
    parseScenarios(text, "t.yaml");
  } catch (error) {
    assert.ok(error instanceof ScenarioFileError, `expected ScenarioFileError, got ${error}`);
    return error;
  }
  assert.fail("expected the scenario to be refused");
}

function assertError(text: string, where: [number, number], field: string, words: RegExp) {
  const error = errorOf(text);
  assert.deepEqual(
    [error.location.line, error.location.column],
    where,
    `location of: ${error.message}`,
  );
  assert.equal(error.field, field, error.message);
  assert.match(error.message, words);
  assert.ok(error.message.startsWith(`t.yaml:${where[0]}:${where[1]}: `), error.message);
}

const ECHO = `name: ok
transport: tcp
server: { builtin: echo }
client:
  - connect: {}
  - send: "hi"
  - receive: "hi"
`;

Deno.test("a valid scenario loads with steps located in the file", () => {
  const [scenario] = parseScenarios(ECHO, "t.yaml");
  assert.equal(scenario.name, "ok");
  assert.deepEqual(scenario.transports, ["tcp"]);
  const client = scenario.peers.find((p) => p.name === "client")!;
  assert.equal(client.role, "client");
  assert.deepEqual(client.steps.map((s) => s.kind), ["connect", "send", "receive"]);
  assert.deepEqual([client.steps[1].location.line, client.steps[1].location.column], [6, 5]);
  assert.equal(client.steps[1].source, 'send: "hi"');
});

Deno.test("YAML syntax errors give the parser's line and column", () => {
  const error = errorOf("name: x\ntransport: [tcp\nserver: {}\n");
  assert.match(error.message, /^t\.yaml:\d+:\d+: /);
  assert.equal(error.location.line >= 2, true);
});

Deno.test("an unknown step names the step and lists the known ones", () => {
  assertError(
    ECHO.replace('  - send: "hi"', '  - sned: "hi"'),
    [6, 5],
    "client[1]",
    /unknown step "sned": expected one of listen, accept, connect, send/,
  );
});

Deno.test("a wrong type inside a step points at the field", () => {
  assertError(
    ECHO.replace('  - send: "hi"', "  - send: { generate: 1MiB, chunk: -5 }"),
    [6, 36],
    "client[1].send.chunk",
    /-5/,
  );
});

Deno.test("an unknown key points at the key", () => {
  assertError(ECHO.replace("name: ok", "name: ok\nnmae: typo"), [2, 1], "", /unknown field "nmae"/);
});

Deno.test("a missing required field says it is missing", () => {
  assertError(ECHO.replace("name: ok\n", ""), [1, 1], "name", /missing/);
});

Deno.test("an unknown transport lists the known ones", () => {
  assertError(
    ECHO.replace("transport: tcp", "transport: sctp"),
    [2, 12],
    "transport",
    /tcp.*udp.*unix.*unixgram/,
  );
});

Deno.test("ports outside 0-65535 are refused", () => {
  assertError(
    ECHO.replace("connect: {}", "connect: { port: 70000 }"),
    [5, 22],
    "client[0].connect.port",
    /0 to 65535/,
  );
});

Deno.test("a step of the wrong family for the transport is refused", () => {
  assertError(
    ECHO.replace("transport: tcp", "transport: udp"),
    [5, 5],
    "connect",
    /stream step but the scenario runs on udp/,
  );
});

Deno.test("boundaries on a stream transport contradicts it", () => {
  assertError(`${ECHO}check: [boundaries]\n`, [8, 9], "check[0]", /stream sockets do not keep/);
});

Deno.test("a wait that no peer marks is refused", () => {
  assertError(
    ECHO.replace("  - connect: {}", "  - wait: never"),
    [5, 5],
    "wait",
    /no peer marks "never"/,
  );
});

Deno.test("circular barriers are refused before anything runs", () => {
  const text = `name: deadlock
transport: tcp
peers:
  server:
    steps:
      - wait: b
      - mark: a
  client:
    steps:
      - wait: a
      - mark: b
`;
  assertError(
    text,
    [6, 9],
    "wait",
    /circular barrier: server waits for "b" while client waits for "a"/,
  );
});

Deno.test("a Unix path longer than sun_path is refused", () => {
  const path = `/tmp/${"x".repeat(120)}.sock`;
  assertError(
    ECHO.replace("transport: tcp", "transport: unix").replace(
      "connect: {}",
      `connect: { path: "${path}" }`,
    ),
    [5, 22],
    "client[0].connect.path",
    /at most 107 bytes/,
  );
});

Deno.test("a Linux abstract name may fill all 108 bytes of sun_path, a file path 107", () => {
  const unix = (path: string) =>
    ECHO.replace("transport: tcp", "transport: unix").replace(
      "connect: {}",
      `connect: { path: ${JSON.stringify(path)} }`,
    );
  const [scenario] = parseScenarios(unix(`\0${"a".repeat(107)}`), "t.yaml");
  assert.equal(scenario.peers.length, 2);
  assertError(
    unix(`\0${"a".repeat(108)}`),
    [5, 22],
    "client[0].connect.path",
    /at most 108 bytes, the leading NUL included \(unix\(7\)\); found 109/,
  );
  assertError(unix(`/${"a".repeat(107)}`), [5, 22], "client[0].connect.path", /at most 107 bytes/);
});

Deno.test("expect_message without expect_error is refused", () => {
  assertError(
    ECHO.replace("connect: {}", "connect: {}\n    expect_message: refused"),
    [5, 5],
    "expect_message",
    /needs expect_error/,
  );
});

Deno.test("an empty file is refused", () => {
  assert.match(errorOf("").message, /^t\.yaml:1:1: file is empty/);
  assert.match(errorOf("# only a comment\n").message, /file is empty/);
});

Deno.test("a scenario that is not a map is refused", () => {
  assert.match(errorOf("- a\n- b\n").message, /expected a scenario: a map/);
});

Deno.test("duplicate keys are refused", () => {
  assert.match(errorOf(`${ECHO}name: again\n`).message, /unique/i);
});

Deno.test("several scenarios can share a file", () => {
  const scenarios = parseScenarios(
    `${ECHO}---\n${ECHO.replace("name: ok", "name: two")}`,
    "t.yaml",
  );
  assert.deepEqual(scenarios.map((s) => s.name), ["ok", "two"]);
  assert.equal(scenarios[1].location.line, 9);
});

Deno.test("JSON scenario files load too", () => {
  const json = JSON.stringify({
    name: "json",
    transport: ["udp", "unixgram"],
    server: { builtin: "echo" },
    client: [{ send_to: { text: "x" } }, { receive_from: { text: "x" } }],
  });
  const [scenario] = parseScenarios(json, "t.json");
  assert.deepEqual(scenario.transports, ["udp", "unixgram"]);
});

Deno.test("binary files are refused with the position of the first bad byte", async () => {
  const path = await Deno.makeTempFile({ suffix: ".yaml" });
  try {
    await Deno.writeFile(path, new Uint8Array([0x6e, 0x61, 0x0a, 0x0a, 0xff, 0xfe, 0x00]));
    await assert.rejects(() => loadScenarioFile(path), (error: Error) => {
      assert.match(error.message, new RegExp(`^${path}:3:1: expected UTF-8 text`));
      return true;
    });
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("a file larger than 1 MiB is refused without parsing it", async () => {
  const path = await Deno.makeTempFile({ suffix: ".yaml" });
  try {
    await Deno.writeTextFile(path, `# ${"x".repeat(10 * 1024 * 1024)}\n`);
    await assert.rejects(
      () => loadScenarioFile(path),
      /expected a scenario file of at most 1048576 bytes/,
    );
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("the committed JSON Schema is the one the schema produces", async () => {
  const root = new URL("../../", import.meta.url);
  const committed = await Deno.readTextFile(new URL(SCHEMA_PATH, root));
  assert.equal(committed, scenarioJsonSchema(), "run deno task schema");
});

Deno.test("clients that start after each other in a circle are refused", () => {
  const text = `name: circle
transport: tcp
server: { builtin: echo }
peers:
  client-a: { role: client, after: client-b, steps: [{ connect: {} }] }
  client-b: { role: client, after: client-a, steps: [{ connect: {} }] }
`;
  assertError(text, [5, 13], "client-a.after", /circle: client-a after client-b after client-a/);
  assertError(
    text.replace("after: client-b", "after: server"),
    [5, 13],
    "client-a.after",
    /expected the name of a client peer/,
  );
});

Deno.test("every error of a file is reported, sorted by position, across its documents", () => {
  const error = errorOf(`name: first
transport: tcp
server: { builtin: echo }
client:
  - connect: {}
  - send: { generate: 1MiB, chunk: "4 KB/s" }
  - receive: { bytes: -1 }
timeout: never
---
name: second
transport: udp
server: { builtin: echo }
client:
  - send_to: { generate: 0 }
`);
  assert.deepEqual(
    error.all.map((e) => `${e.location.line} ${e.field}`),
    [
      "6 client[1].send.chunk",
      "7 client[2].receive.bytes",
      "8 timeout",
      "14 client[0].send_to.generate",
    ],
  );
  assert.equal(error.all[0], error);
});

Deno.test("host as a list makes one scenario a host; unix transports run with the first", () => {
  const scenarios = parseScenarios(
    ECHO.replace("transport: tcp", 'transport: [tcp, unix]\nhost: ["127.0.0.1", "::1"]'),
    "t.yaml",
  );
  assert.deepEqual(
    scenarios.map((s) => [s.name, s.host, s.transports]),
    [["ok (127.0.0.1)", "127.0.0.1", ["tcp", "unix"]], ["ok (::1)", "::1", ["tcp"]]],
  );
});
