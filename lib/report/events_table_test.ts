import assert from "node:assert/strict";
import { describeEvent, formatEventsTable } from "./events_table.ts";
import { failedCheckResult, upperEvents } from "./_fixtures.ts";

Deno.test("formatEventsTable shows the last 20 events under a header of every column", () => {
  const lines = formatEventsTable(upperEvents()).split("\n");
  assert.equal(lines.length, 21);
  assert.match(lines[0], /^time µs +peer +conn +kind +bytes +offset\/seq +detail$/);
  // The first 5 of 25 events are cut: the table starts at the sixth (time 320).
  assert.match(lines[1], /^ +320 +client +main +send +6 +6$/);
  assert.match(lines[19], /^ +1550 +client +main +receive +6 +60 +step 3$/);
  assert.match(lines[20], /stream_check .*literal: received 6 of 6 bytes, .*corrupted 5/);
});

Deno.test("formatEventsTable right-aligns numbers so the columns line up", () => {
  const lines = formatEventsTable(upperEvents(), { limit: Infinity }).split("\n");
  const ends = new Set(lines.slice(1).map((l) => l.indexOf("  ", l.search(/\d/))));
  assert.equal(ends.size, 1, "every time µs cell ends in the same column");
  assert.equal(lines.length, 26);
});

Deno.test("formatEventsTable shows a sequence number as #seq and is empty with no events", () => {
  const table = formatEventsTable([
    { timeMicros: 5, peer: "client", conn: "sock", kind: "send", bytes: 64, seq: 41 },
  ]);
  assert.match(table.split("\n")[1], /send +64 +#41$/);
  assert.equal(formatEventsTable([]), "");
});

Deno.test("describeEvent summarises datagram and timing checks", () => {
  const datagram = describeEvent(failedCheckResult().events[0]);
  assert.equal(
    datagram,
    "sent 1000, received 997, lost 3, duplicated 0, reordered 1, truncated 0, corrupted 0, " +
      "lost #17 #512 #998",
  );
  const timing = describeEvent({
    timeMicros: 1,
    peer: "client",
    kind: "timing",
    timing: {
      what: "round trip",
      count: 1000,
      minMicros: 9,
      p50Micros: 12,
      p90Micros: 20,
      p99Micros: 40,
      maxMicros: 101,
    },
  });
  assert.equal(
    timing,
    "round trip: n=1000 min 9 µs, p50 12 µs, p90 20 µs, p99 40 µs, max 101 µs",
  );
});

Deno.test("describeEvent keeps details on one line and escapes control characters", () => {
  assert.equal(
    describeEvent({ timeMicros: 1, peer: "p", kind: "error", detail: "reset\n by\x1b[2J peer" }),
    "reset ⏎ by\\x1b[2J peer",
  );
});

Deno.test("formatEventsTable cuts long details to the detail width", () => {
  const table = formatEventsTable(
    [{ timeMicros: 1, peer: "p", kind: "mark", detail: "x".repeat(300) }],
    { detailWidth: 10 },
  );
  assert.ok(table.split("\n")[1].endsWith("xxxxxxxxx…"));
});
