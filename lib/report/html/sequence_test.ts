import assert from "node:assert/strict";
import type { RecordEvent } from "../../record/event.ts";
import { buildSequence } from "./sequence.ts";
import { renderSequenceSvg } from "./sequence_svg.ts";

/** An upper-case exchange through a relay, as the runner records it. */
function relayedExchange(): RecordEvent[] {
  return [
    { timeMicros: 100, peer: "server", conn: "listener", kind: "listen", detail: "127.0.0.1:4000" },
    { timeMicros: 200, peer: "relay", kind: "listen", detail: "in front of server" },
    { timeMicros: 300, peer: "relay", conn: "conn#0", kind: "accept", detail: "accepted 0" },
    { timeMicros: 310, peer: "client", conn: "main", kind: "connect", detail: "a -> b" },
    {
      timeMicros: 400,
      peer: "client",
      conn: "main",
      kind: "send",
      bytes: 4,
      offset: 0,
      preview: "GET\\n",
    },
    { timeMicros: 450, peer: "server", conn: "main", kind: "accept", detail: "x <- y" },
    { timeMicros: 500, peer: "relay", conn: "conn#0", kind: "connect", detail: "connected" },
    { timeMicros: 600, peer: "server", conn: "main", kind: "receive", bytes: 4, offset: 0 },
    { timeMicros: 700, peer: "server", conn: "main", kind: "send", bytes: 8192, offset: 0 },
    {
      timeMicros: 800,
      peer: "relay",
      conn: "conn#0",
      kind: "fault",
      fault: "reset",
      bytes: 4096,
      detail: "to_client: reset the connection after 4096 bytes",
    },
    { timeMicros: 900, peer: "client", conn: "main", kind: "receive", bytes: 4096, offset: 0 },
    { timeMicros: 950, peer: "client", conn: "main", kind: "close_write" },
    { timeMicros: 990, peer: "client", conn: "main", kind: "error", detail: "ConnectionReset" },
    {
      timeMicros: 995,
      peer: "server",
      conn: "main",
      kind: "error",
      detail: "BrokenPipe (expected)",
    },
  ];
}

Deno.test("buildSequence puts clients, then the relay, then servers on lifelines", () => {
  const diagram = buildSequence(relayedExchange());
  assert.deepEqual(diagram.lifelines, ["client", "relay", "server"]);
});

Deno.test("buildSequence draws sends, receives and half-closes as arrows to the other end", () => {
  const rows = buildSequence(relayedExchange()).rows;
  const arrows = rows.filter((r) => r.shape === "arrow").map((r) => [r.kind, r.from, r.to]);
  assert.deepEqual(arrows, [
    ["accept", "client", "relay"],
    ["connect", "client", "relay"],
    ["send", "client", "relay"],
    ["accept", "relay", "server"],
    ["connect", "relay", "server"],
    ["receive", "relay", "server"],
    ["send", "server", "relay"],
    ["receive", "relay", "client"],
    ["close_write", "client", "relay"],
  ]);
  assert.equal(rows.find((r) => r.kind === "send")!.label, 'send 4 B @0 "GET\\n"');
  assert.equal(rows.find((r) => r.kind === "send" && r.from === "server")!.label, "send 8 KiB @0");
  assert.ok(rows.filter((r) => r.kind === "receive").every((r) => r.dashed));
  assert.ok(rows.filter((r) => r.kind === "send").every((r) => !r.dashed));
});

Deno.test("buildSequence marks the relay's fault decisions as notes on the relay", () => {
  const fault = buildSequence(relayedExchange()).rows.find((r) => r.kind === "fault")!;
  assert.equal(fault.shape, "note");
  assert.equal(fault.from, "relay");
  assert.equal(fault.fault, "reset");
  assert.match(fault.label, /^reset: to_client: reset the connection after 4096 bytes$/);
});

Deno.test("buildSequence marks the failing peer's unexpected error as the failing step", () => {
  const diagram = buildSequence(relayedExchange(), {
    failure: { message: "ConnectionReset", peer: "client" },
  });
  const failing = diagram.rows.filter((r) => r.failing);
  assert.equal(failing.length, 1);
  assert.equal(failing[0].kind, "error");
  assert.equal(failing[0].from, "client");
  assert.equal(buildSequence(relayedExchange()).rows.filter((r) => r.failing).length, 0);
});

Deno.test("buildSequence marks a check that counted losses when a check failed", () => {
  const events: RecordEvent[] = [
    { timeMicros: 1, peer: "client", conn: "main", kind: "send", bytes: 64, seq: 0 },
    {
      timeMicros: 9,
      peer: "client",
      conn: "main",
      kind: "datagram_check",
      datagram: {
        sent: 10,
        received: 8,
        lost: 2,
        duplicated: 0,
        reordered: 0,
        truncated: 0,
        corrupted: 0,
        lostSeqs: [3, 7],
        duplicatedSeqs: [],
      },
    },
  ];
  const rows = buildSequence(events, { failure: { message: "check lossless failed" } }).rows;
  assert.deepEqual(rows.map((r) => r.failing), [false, true]);
  assert.match(rows[1].label, /8 of 10 datagrams, 2 lost/);
});

Deno.test("buildSequence finds the other end of a connection by its addresses", () => {
  const events: RecordEvent[] = [
    { timeMicros: 1, peer: "server-a", conn: "l", kind: "listen", detail: "127.0.0.1:1" },
    { timeMicros: 2, peer: "server-b", conn: "l", kind: "listen", detail: "127.0.0.1:2" },
    {
      timeMicros: 3,
      peer: "client",
      conn: "main",
      kind: "connect",
      detail: "127.0.0.1:9 -> 127.0.0.1:2",
    },
    {
      timeMicros: 4,
      peer: "server-b",
      conn: "c",
      kind: "accept",
      detail: "127.0.0.1:2 <- 127.0.0.1:9",
    },
    { timeMicros: 5, peer: "client", conn: "main", kind: "send", bytes: 1, offset: 0 },
    { timeMicros: 6, peer: "server-b", conn: "c", kind: "receive", bytes: 1, offset: 0 },
  ];
  const arrows = buildSequence(events).rows.filter((r) => r.shape === "arrow");
  assert.deepEqual(arrows.map((r) => [r.from, r.to]), [
    ["client", "server-b"],
    ["client", "server-b"],
    ["client", "server-b"],
    ["client", "server-b"],
  ]);
});

function sends(count: number, startMicros: number): RecordEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    timeMicros: startMicros + i,
    peer: "client",
    conn: "main",
    kind: "send" as const,
    bytes: 64,
    seq: i,
  }));
}

Deno.test("buildSequence collapses a block of steps that repeats, with counts and totals", () => {
  const events: RecordEvent[] = [];
  for (let i = 0; i < 5; i++) {
    events.push({
      timeMicros: i * 10,
      peer: "client",
      conn: "m",
      kind: "send",
      bytes: 6,
      offset: i * 6,
    });
    events.push({
      timeMicros: i * 10 + 5,
      peer: "client",
      conn: "m",
      kind: "receive",
      bytes: 6,
      offset: i * 6,
    });
  }
  const rows = buildSequence(events, { burstSteps: 1000 }).rows;
  assert.equal(rows.length, 2);
  assert.deepEqual(rows.map((r) => r.count), [5, 5]);
  assert.equal(rows[0].label, "send ×5: 30 B (6 B each), @0 to @24");
  assert.equal(rows[0].timeMicros, 0);
  assert.equal(rows[0].lastTimeMicros, 40);
});

Deno.test("buildSequence sums up an interleaved burst as one row per kind of step", () => {
  const events: RecordEvent[] = [];
  for (let i = 0; i < 30; i++) {
    events.push(...sends(1, i * 3).map((e) => ({ ...e, seq: i })));
    if (i % 3 !== 2) {
      events.push({ timeMicros: i * 3 + 1, peer: "server", kind: "receive", bytes: 64 });
    } else {
      events.push({ timeMicros: i * 3 + 1, peer: "relay", kind: "fault", fault: "drop", seq: i });
    }
  }
  events.push({ timeMicros: 5000, peer: "client", conn: "main", kind: "mark", detail: "done" });
  const rows = buildSequence(events).rows;
  assert.deepEqual(rows.map((r) => [r.kind, r.count]), [
    ["send", 30],
    ["receive", 20],
    ["fault", 10],
    ["mark", 1],
  ]);
  assert.equal(rows[2].label, "drop ×10 #2, #5, #8, #11, #14, #17, #20, #23, …");
});

Deno.test("buildSequence keeps a burst split by a long pause as two groups", () => {
  const server: RecordEvent = { timeMicros: 0, peer: "server", conn: "c", kind: "accept" };
  const rows = buildSequence([server, ...sends(20, 0), ...sends(20, 100_000)]).rows;
  assert.deepEqual(rows.map((r) => [r.kind, r.count]), [["accept", 1], ["send", 20], ["send", 20]]);
});

Deno.test("buildSequence puts many instances of one peer on one lifeline", () => {
  const events: RecordEvent[] = Array.from({ length: 6 }, (_, i) => ({
    timeMicros: i,
    peer: `client#${i}`,
    conn: "main",
    kind: "connect" as const,
  }));
  events.push({ timeMicros: 9, peer: "server", conn: "c", kind: "accept" });
  assert.deepEqual(buildSequence(events).lifelines, ["client#*", "server"]);
  assert.deepEqual(buildSequence(events.slice(2)).lifelines, [
    "client#2",
    "client#3",
    "client#4",
    "client#5",
    "server",
  ]);
});

Deno.test("buildSequence leaves out the middle of a very long diagram and says how much", () => {
  const events: RecordEvent[] = Array.from({ length: 50 }, (_, i) => ({
    timeMicros: i * 100_000,
    peer: "client",
    conn: "main",
    kind: "mark" as const,
    detail: `m${i}`,
  }));
  const diagram = buildSequence(events, { maxRows: 10, maxPeriod: 0 });
  assert.equal(diagram.rows.length, 10);
  assert.equal(diagram.omittedRows, 40);
  assert.equal(diagram.omittedAfter, 4);
  assert.equal(diagram.rows[5].label, "mark m45");
});

Deno.test("renderSequenceSvg tags lifelines and rows for tests and marks the failing step", () => {
  const svg = renderSequenceSvg(
    buildSequence(relayedExchange(), { failure: { message: "x", peer: "client" } }),
    { markerId: "m1" },
  );
  for (const peer of ["client", "relay", "server"]) {
    assert.match(svg, new RegExp(`<g class="lifeline" data-peer="${peer}">`));
  }
  assert.match(svg, /<g class="row arrow" data-kind="send" data-from="client" data-to="relay"/);
  assert.match(svg, /<g class="row note failing" data-kind="error" data-from="client"/);
  assert.match(svg, /marker id="m1"/);
  assert.match(svg, /url\(#m1\)/);
  assert.equal((svg.match(/class="failing-band"/g) ?? []).length, 1);
});

Deno.test("renderSequenceSvg escapes labels and shows a long pause as a break", () => {
  const svg = renderSequenceSvg(buildSequence([
    { timeMicros: 0, peer: "client", conn: "main", kind: "mark", detail: "<b>&" },
    { timeMicros: 2_500_000, peer: "client", conn: "main", kind: "mark", detail: "later" },
  ]));
  assert.match(svg, /mark &lt;b&gt;&amp;/);
  assert.doesNotMatch(svg, /<b>/);
  assert.match(svg, /… 2\.50 s later/);
  assert.match(svg, /2500000 µs/);
});
