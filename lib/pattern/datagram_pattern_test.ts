import assert from "node:assert/strict";
import fc from "fast-check";
import {
  DATAGRAM_HEADER_BYTES,
  DATAGRAM_MAGIC,
  DatagramSizeError,
  DatagramTracker,
  decodeDatagram,
  encodeDatagram,
  encodeDatagramInto,
} from "./datagram_pattern.ts";
import { fillPattern } from "./stream_pattern.ts";

const RUNS = { numRuns: 100 };
const seedArb = fc.integer({ min: 0, max: 0xffffffff });
const sizeArb = fc.integer({ min: DATAGRAM_HEADER_BYTES, max: 600 });

function datagrams(count: number, sizeBytes: number, seed: number): Uint8Array[] {
  return Array.from({ length: count }, (_, seq) => encodeDatagram(seq, { sizeBytes, seed }));
}

function track(received: Uint8Array[], sent: number, seed: number) {
  const tracker = new DatagramTracker({ seed });
  for (const datagram of received) tracker.push(datagram);
  return tracker.finish(sent);
}

const CLEAN = {
  lost: 0,
  duplicated: 0,
  reordered: 0,
  truncated: 0,
  corrupted: 0,
  merged: 0,
  split: 0,
  lostSeqs: [],
  duplicatedSeqs: [],
  truncatedSeqs: [],
  mergedSeqs: [],
  splitSeqs: [],
  corruptedSeqs: [],
};

Deno.test("encodeDatagram() writes the header in network byte order and a sequence payload", () => {
  const datagram = encodeDatagram(0x01020304, { sizeBytes: 40, seed: 0x0a0b0c0d });
  const view = new DataView(datagram.buffer);
  assert.equal(datagram.length, 40);
  assert.deepEqual([...datagram.subarray(0, 2)], [0x53, 0x53]);
  assert.equal(view.getUint16(0), DATAGRAM_MAGIC);
  assert.equal(view.getUint16(2), 1);
  assert.deepEqual([...datagram.subarray(4, 8)], [1, 2, 3, 4]);
  assert.equal(view.getUint32(8), 40);
  const payload = fillPattern(new Uint8Array(24), { seed: 0x01020304 ^ 0x0a0b0c0d });
  assert.deepEqual(datagram.subarray(DATAGRAM_HEADER_BYTES), payload);
});

Deno.test("encodeDatagramInto() fills the whole buffer like encodeDatagram()", () => {
  const buf = new Uint8Array(new ArrayBuffer(103), 3, 100);
  assert.equal(encodeDatagramInto(buf, 77, { seed: 5 }), buf);
  assert.deepEqual(buf, encodeDatagram(77, { sizeBytes: 100, seed: 5 }));
});

Deno.test("encodeDatagram() rejects sizes below the header with a DatagramSizeError", () => {
  for (const sizeBytes of [0, 1, 15, 16.5, -3, NaN]) {
    assert.throws(
      () => encodeDatagram(0, { sizeBytes }),
      (e) =>
        e instanceof DatagramSizeError && e instanceof RangeError &&
        e.message.includes("16 bytes (the header)") && e.message.includes(`found ${sizeBytes}`),
    );
  }
  assert.throws(() => encodeDatagramInto(new Uint8Array(8), 0), DatagramSizeError);
  assert.equal(encodeDatagram(0, { sizeBytes: 16 }).length, 16);
});

Deno.test("encodeDatagram() rejects sequence numbers outside [0, 2^32)", () => {
  for (const seq of [-1, 2 ** 32, 1.5]) {
    assert.throws(() => encodeDatagram(seq, { sizeBytes: 16 }), RangeError);
  }
});

Deno.test("decodeDatagram() reads back what encodeDatagram() wrote", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0xffffffff }), sizeArb, seedArb, (seq, size, seed) => {
      const datagram = encodeDatagram(seq, { sizeBytes: size, seed });
      assert.deepEqual(decodeDatagram(datagram, seed), { seq, declaredBytes: size });
    }),
    RUNS,
  );
});

Deno.test("decodeDatagram() reports every shortened datagram as truncated", () => {
  fc.assert(
    fc.property(
      sizeArb,
      seedArb,
      fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
      (size, seed, f) => {
        const datagram = encodeDatagram(3, { sizeBytes: size, seed });
        const kept = 1 + Math.floor(f * (size - 1)); // 1 .. size - 1
        const decoded = decodeDatagram(datagram.subarray(0, kept), seed);
        assert.equal(decoded.problem, "truncated");
        if (kept >= 8) assert.equal(decoded.seq, 3);
      },
    ),
    RUNS,
  );
});

Deno.test("decodeDatagram() reports two datagrams in one as merged", () => {
  const first = encodeDatagram(1, { sizeBytes: 50, seed: 2 });
  const second = encodeDatagram(2, { sizeBytes: 30, seed: 2 });
  const merged = new Uint8Array([...first, ...second]);
  assert.deepEqual(decodeDatagram(merged, 2), { seq: 1, declaredBytes: 50, problem: "merged" });
});

Deno.test("decodeDatagram() detects any single changed byte", () => {
  fc.assert(
    fc.property(
      sizeArb,
      seedArb,
      fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
      fc.integer({ min: 1, max: 255 }),
      (size, seed, f, flip) => {
        const datagram = encodeDatagram(9, { sizeBytes: size, seed });
        datagram[Math.floor(f * size)] ^= flip;
        assert.notEqual(decodeDatagram(datagram, seed).problem, undefined);
      },
    ),
    RUNS,
  );
});

Deno.test("decodeDatagram() tells foreign and corrupt datagrams apart", () => {
  assert.equal(decodeDatagram(new TextEncoder().encode("hello, world!!!!!"), 0).problem, "foreign");
  assert.equal(decodeDatagram(new Uint8Array(0), 0).problem, "foreign");
  assert.equal(decodeDatagram(new Uint8Array([0x53]), 0).problem, "truncated");
  const datagram = encodeDatagram(4, { sizeBytes: 64, seed: 1 });
  assert.equal(decodeDatagram(datagram, 2).problem, "corrupt"); // another seed
  const version = datagram.slice();
  version[3] = 2;
  assert.equal(decodeDatagram(version, 1).problem, "foreign");
  const length = datagram.slice();
  new DataView(length.buffer).setUint32(8, 8);
  assert.equal(decodeDatagram(length, 1).problem, "corrupt");
  const payload = datagram.slice(0, 40);
  payload[30] ^= 1;
  assert.equal(decodeDatagram(payload, 1).problem, "corrupt"); // truncated and damaged
});

Deno.test("DatagramTracker reports every datagram of an intact exchange once, in order", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 300 }), sizeArb, seedArb, (count, size, seed) => {
      const summary = track(datagrams(count, size, seed), count, seed);
      assert.deepEqual(summary, { sent: count, received: count, ...CLEAN });
    }),
    RUNS,
  );
});

Deno.test("DatagramTracker counts dropped datagrams as lost", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 300 }),
      fc.uniqueArray(fc.nat(), { maxLength: 40 }),
      seedArb,
      (count, picks, seed) => {
        const dropped = [...new Set(picks.map((p) => p % count))].sort((a, b) => a - b);
        const kept = datagrams(count, 24, seed).filter((_, seq) => !dropped.includes(seq));
        const summary = track(kept, count, seed);
        assert.deepEqual(summary, {
          sent: count,
          received: count - dropped.length,
          ...CLEAN,
          lost: dropped.length,
          lostSeqs: dropped.slice(0, 16),
        });
      },
    ),
    RUNS,
  );
});

Deno.test("DatagramTracker counts datagrams received twice as duplicated", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 300 }),
      fc.array(fc.nat(), { maxLength: 40 }),
      seedArb,
      (count, picks, seed) => {
        const sent = datagrams(count, 40, seed);
        const received: Uint8Array[] = [];
        const twice = new Set(picks.map((p) => p % count));
        // Each duplicate arrives right after its original.
        sent.forEach((d, seq) => received.push(...(twice.has(seq) ? [d, d] : [d])));
        const summary = track(received, count, seed);
        assert.deepEqual(summary, {
          sent: count,
          received: count + twice.size,
          ...CLEAN,
          duplicated: twice.size,
          duplicatedSeqs: [...twice].sort((a, b) => a - b).slice(0, 16),
        });
      },
    ),
    RUNS,
  );
});

Deno.test("DatagramTracker counts arrivals below the highest sequence number as reordered", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 300 }),
      fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 20 }),
      seedArb,
      (count, swaps, seed) => {
        const order = Array.from({ length: count }, (_, i) => i);
        for (const [x, y] of swaps) {
          const [i, j] = [x % count, y % count];
          [order[i], order[j]] = [order[j], order[i]];
        }
        let highest = -1;
        let reordered = 0;
        for (const seq of order) {
          if (seq < highest) reordered++;
          highest = Math.max(highest, seq);
        }
        const sent = datagrams(count, 20, seed);
        const summary = track(order.map((seq) => sent[seq]), count, seed);
        assert.deepEqual(summary, { sent: count, received: count, ...CLEAN, reordered });
      },
    ),
    RUNS,
  );
});

Deno.test("DatagramTracker counts one swapped pair as one reordered datagram", () => {
  const [d0, d1, d2] = datagrams(3, 32, 1);
  assert.deepEqual(track([d0, d2, d1], 3, 1), { sent: 3, received: 3, ...CLEAN, reordered: 1 });
});

Deno.test("DatagramTracker counts truncated datagrams as truncated, not lost", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 200 }),
      fc.uniqueArray(fc.nat(), { maxLength: 20 }),
      fc.integer({ min: 8, max: 99 }),
      seedArb,
      (count, picks, kept, seed) => {
        const cut = new Set(picks.map((p) => p % count));
        const received = datagrams(count, 100, seed).map((d, seq) =>
          cut.has(seq) ? d.subarray(0, kept) : d
        );
        const summary = track(received, count, seed);
        const truncatedSeqs = [...cut].sort((a, b) => a - b).slice(0, 16).map((seq) => ({
          seq,
          receivedBytes: kept,
          ...(kept >= 12 ? { sentBytes: 100 } : {}),
        }));
        assert.deepEqual(summary, {
          sent: count,
          received: count,
          ...CLEAN,
          truncated: cut.size,
          truncatedSeqs,
        });
      },
    ),
    RUNS,
  );
});

Deno.test("DatagramTracker counts two datagrams merged into one as merged, saying which", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 200 }),
      fc.nat(),
      sizeArb,
      seedArb,
      (count, pick, size, seed) => {
        const sent = datagrams(count, size, seed);
        const k = pick % (count - 1);
        const merged = new Uint8Array([...sent[k], ...sent[k + 1]]);
        const received = [...sent.slice(0, k), merged, ...sent.slice(k + 2)];
        const summary = track(received, count, seed);
        assert.deepEqual(summary, {
          sent: count,
          received: count - 1,
          ...CLEAN,
          merged: 1,
          mergedSeqs: [[k, k + 1]],
        });
      },
    ),
    RUNS,
  );
});

Deno.test("DatagramTracker counts foreign, corrupt and out-of-range datagrams as corrupted", () => {
  const tracker = new DatagramTracker({ seed: 3, maxSeq: 1000, expectedCount: 2 });
  tracker.push(encodeDatagram(0, { sizeBytes: 20, seed: 3 }));
  tracker.push(new TextEncoder().encode("GET / HTTP/1.1\r\n\r\n"));
  tracker.push(encodeDatagram(1, { sizeBytes: 20, seed: 4 }));
  tracker.push(encodeDatagram(5000, { sizeBytes: 20, seed: 3 }));
  tracker.push(encodeDatagram(7, { sizeBytes: 20, seed: 3 })); // not among the 2 sent
  assert.equal(tracker.received, 5);
  assert.deepEqual(tracker.finish(), {
    sent: 2,
    received: 5,
    ...CLEAN,
    lost: 1,
    lostSeqs: [1],
    corrupted: 4,
  });
});

Deno.test("DatagramTracker.finish() defaults sent to the highest sequence number seen plus one", () => {
  const tracker = new DatagramTracker();
  for (const seq of [0, 1, 4]) tracker.push(encodeDatagram(seq, { sizeBytes: 16 }));
  const summary = tracker.finish();
  assert.equal(summary.sent, 5);
  assert.deepEqual(summary.lostSeqs, [2, 3]);
});

Deno.test("DatagramTracker counts a datagram sent back in two pieces as split, not truncated", () => {
  const sent = datagrams(5, 100, 8);
  const received = [sent[0], sent[1].subarray(0, 50), sent[1].subarray(50), ...sent.slice(2)];
  assert.deepEqual(track(received, 5, 8), {
    sent: 5,
    received: 6,
    ...CLEAN,
    split: 1,
    splitSeqs: [{ seq: 1, pieceBytes: [50, 50] }],
  });
});

Deno.test("DatagramTracker counts upper-cased datagrams as corrupted, and not as lost", () => {
  const upper = (d: Uint8Array) => d.map((b) => b >= 0x61 && b <= 0x7a ? b - 0x20 : b);
  const sent = datagrams(200, 64, 11);
  const received = sent.map(upper);
  const altered = sent.filter((d, seq) => received[seq].some((b, i) => b !== d[i])).length;
  const summary = track(received, 200, 11);
  assert.ok(altered > 100, `${altered} of 200 datagrams altered`);
  assert.equal(summary.corrupted, altered);
  assert.equal(summary.lost, 0);
  assert.equal(summary.duplicated, 0);
  assert.equal(summary.truncated + (summary.merged ?? 0) + (summary.split ?? 0), 0);
});
