import assert from "node:assert/strict";
import fc from "fast-check";
import type { StreamCheckSummary } from "../record/event.ts";
import {
  fillPattern,
  SEQUENCE_PERIOD_BYTES,
  type StreamPatternName,
  StreamVerifier,
  StreamVerifierFinishedError,
  type StreamVerifierOptions,
  UnknownStreamPatternError,
} from "./stream_pattern.ts";

const RUNS = { numRuns: 100 };

/** An independent reference of the `sequence` layout (MurmurHash3 fmix32 of x + 0x9e3779b9). */
function referenceWord(index: number, seed: number): number[] {
  let h = ((index ^ seed) + 0x9e3779b9) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  h = Number((BigInt(h) * 0x85ebca6bn) & 0xffffffffn);
  h = (h ^ (h >>> 13)) >>> 0;
  h = Number((BigInt(h) * 0xc2b2ae35n) & 0xffffffffn);
  h = (h ^ (h >>> 16)) >>> 0;
  const le = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
  return [...le(index >>> 0), ...le(h)];
}

function pattern(length: number, seed: number, offsetBytes = 0): Uint8Array {
  return fillPattern(new Uint8Array(length), { seed, offsetBytes });
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Pushes `data` in chunks of the given sizes (cycled), each chunk a fresh copy. */
function verify(
  data: Uint8Array,
  chunkSizes: number[],
  options: StreamVerifierOptions,
): StreamCheckSummary {
  const verifier = new StreamVerifier(options);
  let at = 0;
  for (let k = 0; at < data.length; k++) {
    const size = chunkSizes.length === 0 ? data.length : chunkSizes[k % chunkSizes.length];
    verifier.push(data.slice(at, at + size));
    at += size;
  }
  return verifier.finish();
}

function anomalies(summary: StreamCheckSummary) {
  return {
    lost: summary.lostBytes,
    duplicated: summary.duplicatedBytes,
    reordered: summary.reorderedBytes,
    corrupted: summary.corruptedBytes,
  };
}

const CLEAN = { lost: 0, duplicated: 0, reordered: 0, corrupted: 0 };
const seedArb = fc.integer({ min: 0, max: 0xffffffff });
const chunksArb = fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 8 });

Deno.test("fillPattern() sequence writes word i as u32 LE i then u32 LE mix32(i ^ seed)", () => {
  for (const seed of [0, 1, 0xdeadbeef]) {
    const bytes = pattern(80, seed);
    for (let i = 0; i < 10; i++) {
      assert.deepEqual([...bytes.subarray(8 * i, 8 * i + 8)], referenceWord(i, seed));
    }
  }
});

Deno.test("fillPattern() sequence defaults to seed 0 and offset 0", () => {
  assert.deepEqual(fillPattern(new Uint8Array(16)), pattern(16, 0));
  assert.notDeepEqual(pattern(16, 0), pattern(16, 1));
});

Deno.test("fillPattern() sequence gives the same bytes however the stream is cut and aligned", () => {
  fc.assert(
    fc.property(
      seedArb,
      fc.integer({ min: 0, max: 2 ** 40 }),
      fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 6 }),
      fc.integer({ min: 0, max: 7 }),
      (seed, start, sizes, shift) => {
        const total = sizes.reduce((a, b) => a + b, 0);
        const whole = pattern(total, seed, start);
        let at = 0;
        for (const size of sizes) {
          // A view at an odd byte offset exercises the unaligned path.
          const piece = new Uint8Array(new ArrayBuffer(size + shift), shift, size);
          fillPattern(piece, { seed, offsetBytes: start + at });
          assert.deepEqual(piece, whole.subarray(at, at + size));
          at += size;
        }
      },
    ),
    RUNS,
  );
});

Deno.test("fillPattern() sequence wraps the index at 2^32 words (32 GiB)", () => {
  assert.equal(SEQUENCE_PERIOD_BYTES, 32 * 1024 ** 3);
  const around = pattern(16, 9, SEQUENCE_PERIOD_BYTES - 8);
  assert.deepEqual([...around.subarray(0, 8)], referenceWord(0xffffffff, 9));
  assert.deepEqual([...around.subarray(8)], referenceWord(0, 9));
  assert.deepEqual(pattern(24, 9, SEQUENCE_PERIOD_BYTES + 3), pattern(24, 9, 3));
});

Deno.test("fillPattern() zero writes only 0x00", () => {
  const bytes = fillPattern(new Uint8Array(100).fill(7), { pattern: "zero", offsetBytes: 5 });
  assert.ok(bytes.every((b) => b === 0));
});

Deno.test("fillPattern() ascii writes 72 printable characters then a newline, rotating", () => {
  const bytes = fillPattern(new Uint8Array(73 * 96), { pattern: "ascii" });
  const lines = new TextDecoder().decode(bytes).split("\n");
  assert.equal(lines.length, 97);
  assert.equal(
    lines[0],
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefg",
  );
  assert.equal(lines[1], lines[0].slice(1) + "h");
  for (const line of lines.slice(0, 96)) {
    assert.equal(line.length, 72);
    assert.match(line, /^[\x20-\x7e]+$/);
  }
  assert.equal(lines[95], lines[0]); // period of 95 lines
  const later = fillPattern(new Uint8Array(200), { pattern: "ascii", offsetBytes: 1000 });
  assert.deepEqual(later, bytes.subarray(1000, 1200));
});

Deno.test("fillPattern() rejects unknown patterns and bad offsets", () => {
  assert.throws(
    () => fillPattern(new Uint8Array(4), { pattern: "random" as StreamPatternName }),
    (e) => e instanceof UnknownStreamPatternError && /"sequence".*found "random"/.test(e.message),
  );
  assert.throws(() => fillPattern(new Uint8Array(4), { offsetBytes: -1 }), RangeError);
  assert.throws(() => fillPattern(new Uint8Array(4), { offsetBytes: 1.5 }), RangeError);
});

Deno.test("StreamVerifier reports an intact stream clean, however it is chunked", () => {
  fc.assert(
    fc.property(
      fc.constantFrom<StreamPatternName>("sequence", "zero", "ascii"),
      seedArb,
      fc.integer({ min: 0, max: 5000 }),
      chunksArb,
      (name, seed, length, chunks) => {
        const data = fillPattern(new Uint8Array(length), { pattern: name, seed });
        const summary = verify(data, chunks, { pattern: name, seed, expectedBytes: length });
        assert.deepEqual(anomalies(summary), CLEAN);
        assert.equal(summary.receivedBytes, length);
        assert.equal(summary.firstMismatchAt, undefined);
        assert.deepEqual(summary.lostRanges, []);
      },
    ),
    RUNS,
  );
});

Deno.test("StreamVerifier counts exactly the bytes of one removed piece as lost", () => {
  fc.assert(
    fc.property(
      seedArb,
      fc.integer({ min: 1, max: 4000 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 1, max: 1500 }),
      chunksArb,
      (seed, length, where, wanted, chunks) => {
        const data = pattern(length, seed);
        const start = Math.floor(where * (length - 1));
        const removed = Math.min(wanted, length - start);
        const received = concat(data.subarray(0, start), data.subarray(start + removed));
        const summary = verify(received, chunks, { seed, expectedBytes: length });
        assert.deepEqual(anomalies(summary), { ...CLEAN, lost: removed });
        const [range] = summary.lostRanges;
        assert.equal(summary.lostRanges.length, 1);
        assert.equal(range.end - range.start, removed);
      },
    ),
    RUNS,
  );
});

Deno.test("StreamVerifier counts exactly the bytes of a piece received twice as duplicated", () => {
  fc.assert(
    fc.property(
      seedArb,
      fc.integer({ min: 16, max: 4000 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 8, max: 1500 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      chunksArb,
      (seed, length, where, wanted, later, chunks) => {
        const data = pattern(length, seed);
        const start = Math.floor(where * (length - 8));
        const end = Math.min(length, start + wanted);
        // The copy arrives after the original, right after it or later.
        const at = end + Math.floor(later * (length - end));
        const received = concat(
          data.subarray(0, at),
          data.subarray(start, end),
          data.subarray(at),
        );
        const summary = verify(received, chunks, { seed, expectedBytes: length });
        assert.deepEqual(anomalies(summary), { ...CLEAN, duplicated: end - start });
      },
    ),
    RUNS,
  );
});

Deno.test("StreamVerifier counts the piece that arrives late after a swap as reordered", () => {
  fc.assert(
    fc.property(
      seedArb,
      fc.integer({ min: 16, max: 4000 }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }),
      chunksArb,
      (seed, length, [x, y, z], chunks) => {
        const data = pattern(length, seed);
        // Pieces [a, b) and [b, c), each at least 8 bytes, arrive as [b, c) then [a, b).
        const a = Math.floor(x * (length - 16));
        const b = a + 8 + Math.floor(y * (length - a - 16));
        const c = b + 8 + Math.floor(z * (length - b - 8));
        const received = concat(
          data.subarray(0, a),
          data.subarray(b, c),
          data.subarray(a, b),
          data.subarray(c),
        );
        const summary = verify(received, chunks, { seed, expectedBytes: length });
        assert.deepEqual(anomalies(summary), { ...CLEAN, reordered: b - a });
      },
    ),
    RUNS,
  );
});

Deno.test("StreamVerifier counts inserted random garbage as corrupted", () => {
  fc.assert(
    fc.property(
      seedArb,
      fc.integer({ min: 0, max: 4000 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.uint8Array({ minLength: 1, maxLength: 300 }),
      chunksArb,
      (seed, length, where, garbage, chunks) => {
        const data = pattern(length, seed);
        const at = Math.floor(where * length);
        // Garbage whose first byte is the next stream byte, or whose last byte is the previous
        // one, is indistinguishable from a duplicated byte.
        fc.pre(at >= length || garbage[0] !== data[at]);
        fc.pre(at === 0 || garbage[garbage.length - 1] !== data[at - 1]);
        const received = concat(data.subarray(0, at), garbage, data.subarray(at));
        const summary = verify(received, chunks, { seed, expectedBytes: length });
        assert.deepEqual(anomalies(summary), { ...CLEAN, corrupted: garbage.length });
      },
    ),
    RUNS,
  );
});

Deno.test("StreamVerifier counts overwritten bytes as corrupted and not as lost", () => {
  fc.assert(
    fc.property(
      seedArb,
      fc.integer({ min: 1, max: 4000 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 1, max: 300 }),
      fc.integer({ min: 1, max: 255 }),
      chunksArb,
      (seed, length, where, wanted, flip, chunks) => {
        const received = pattern(length, seed);
        const start = Math.floor(where * (length - 1));
        const end = Math.min(length, start + wanted);
        for (let i = start; i < end; i++) received[i] ^= flip;
        const summary = verify(received, chunks, { seed, expectedBytes: length });
        assert.deepEqual(anomalies(summary), { ...CLEAN, corrupted: end - start });
        assert.equal(summary.firstMismatchAt, start);
      },
    ),
    RUNS,
  );
});

Deno.test("StreamVerifier reports where the first unexpected byte was received", () => {
  const data = pattern(1000, 1);
  const summary = verify(concat(data.subarray(0, 300), data.subarray(313)), [64], {
    seed: 1,
    expectedBytes: 1000,
  });
  assert.equal(summary.firstMismatchAt, 300);
  assert.deepEqual(summary.lostRanges, [{ start: 300, end: 313 }]);
  const duplicated = verify(concat(data.subarray(0, 500), data.subarray(450)), [100], { seed: 1 });
  assert.equal(duplicated.firstMismatchAt, 500);
  assert.deepEqual(duplicated.duplicatedRanges, [{ start: 450, end: 500 }]);
});

Deno.test("StreamVerifier counts a missing tail as lost only when expectedBytes is known", () => {
  const data = pattern(1000, 3);
  const known = verify(data.subarray(0, 600), [128], { seed: 3, expectedBytes: 1000 });
  assert.deepEqual(anomalies(known), { ...CLEAN, lost: 400 });
  assert.deepEqual(known.lostRanges, [{ start: 600, end: 1000 }]);
  assert.equal(known.firstMismatchAt, undefined);
  const unknown = verify(data.subarray(0, 600), [128], { seed: 3 });
  assert.deepEqual(anomalies(unknown), CLEAN);
  assert.equal(unknown.expectedBytes, undefined);
});

Deno.test("StreamVerifier counts bytes past expectedBytes as corrupted", () => {
  for (const name of ["sequence", "zero", "ascii"] as const) {
    const data = fillPattern(new Uint8Array(1100), { pattern: name, seed: 4 });
    const summary = verify(data, [256], { pattern: name, seed: 4, expectedBytes: 1000 });
    assert.deepEqual(anomalies(summary), { ...CLEAN, corrupted: 100 }, name);
    assert.equal(summary.firstMismatchAt, 1000, name);
  }
});

Deno.test("StreamVerifier sees a stream with the wrong seed as corrupted", () => {
  const summary = verify(pattern(4096, 1), [512], { seed: 2, expectedBytes: 4096 });
  // Only the index field of word 0 (four zero bytes) is the same whatever the seed; the rest
  // takes the place of the 4092 bytes expected, so it counts as overwritten, not lost.
  assert.deepEqual(anomalies(summary), { ...CLEAN, corrupted: 4092 });
  assert.equal(summary.firstMismatchAt, 4);
});

Deno.test("StreamVerifier finds lost pieces in a stream that starts mid-way", () => {
  const data = pattern(5000, 8);
  const summary = verify(data.subarray(1237), [333], { seed: 8, expectedBytes: 5000 });
  assert.deepEqual(anomalies(summary), { ...CLEAN, lost: 1237 });
  assert.deepEqual(summary.lostRanges, [{ start: 0, end: 1237 }]);
  assert.equal(summary.firstMismatchAt, 0);
});

Deno.test("StreamVerifier counts garbage longer than its look-ahead buffer exactly", () => {
  const data = pattern(3000, 5);
  const garbage = new Uint8Array(5000).map((_, i) => (i * 131 + 7) & 0xff);
  const received = concat(data.subarray(0, 1001), garbage, data.subarray(1001));
  for (const lookaheadBytes of [64, 100, 65536]) {
    const summary = verify(received, [97], { seed: 5, expectedBytes: 3000, lookaheadBytes });
    assert.deepEqual(anomalies(summary), { ...CLEAN, corrupted: 5000 }, `${lookaheadBytes}`);
  }
});

Deno.test("StreamVerifier keeps exact counts over more discontinuities than maxSegments", () => {
  const data = pattern(200_000, 6);
  const parts: Uint8Array[] = [];
  let lost = 0;
  for (let at = 0; at < data.length;) {
    parts.push(data.subarray(at, at + 700));
    at += 700 + 13;
    lost += Math.min(13, Math.max(0, data.length - (at - 13)));
  }
  const summary = verify(concat(...parts), [4096], {
    seed: 6,
    expectedBytes: data.length,
    maxSegments: 8,
  });
  assert.deepEqual(anomalies(summary), { ...CLEAN, lost });
  assert.equal(summary.lostRanges.length, 16);
  assert.deepEqual(summary.lostRanges[0], { start: 700, end: 713 });
});

Deno.test("StreamVerifier counts bytes of zero and ascii streams that differ as corrupted", () => {
  fc.assert(
    fc.property(
      fc.constantFrom<StreamPatternName>("zero", "ascii"),
      fc.integer({ min: 1, max: 3000 }),
      fc.uniqueArray(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), {
        maxLength: 20,
      }),
      chunksArb,
      (name, length, spots, chunks) => {
        const data = fillPattern(new Uint8Array(length), { pattern: name });
        const flipped = new Set(spots.map((s) => Math.floor(s * length)));
        for (const i of flipped) data[i] ^= 0x80;
        const summary = verify(data, chunks, { pattern: name, expectedBytes: length + 5 });
        assert.deepEqual(anomalies(summary), { ...CLEAN, corrupted: flipped.size, lost: 5 });
        const first = flipped.size === 0 ? undefined : Math.min(...flipped);
        assert.equal(summary.firstMismatchAt, first);
      },
    ),
    RUNS,
  );
});

Deno.test("StreamVerifier.finish() is idempotent and push() after it throws", () => {
  const verifier = new StreamVerifier({ pattern: "zero" });
  verifier.push(new Uint8Array(10));
  const summary = verifier.finish();
  assert.equal(verifier.finish(), summary);
  assert.deepEqual(summary, {
    pattern: "zero",
    receivedBytes: 10,
    lostBytes: 0,
    duplicatedBytes: 0,
    reorderedBytes: 0,
    corruptedBytes: 0,
    lostRanges: [],
    duplicatedRanges: [],
  });
  assert.throws(() => verifier.push(new Uint8Array(1)), StreamVerifierFinishedError);
});

Deno.test("StreamVerifier rejects bad options", () => {
  assert.throws(() => new StreamVerifier({ expectedBytes: -1 }), RangeError);
  assert.throws(
    () => new StreamVerifier({ pattern: "nope" as StreamPatternName }),
    UnknownStreamPatternError,
  );
});

Deno.test("StreamVerifier counts a stream upper-cased throughout as corrupted in place, nothing lost", () => {
  const data = pattern(1 << 20, 9);
  let lowercase = 0;
  const upper = data.map((b) => {
    if (b < 0x61 || b > 0x7a) return b;
    lowercase++;
    return b - 0x20;
  });
  const summary = verify(upper, [65536], { seed: 9, expectedBytes: data.length });
  assert.equal(summary.lostBytes, 0);
  assert.equal(summary.duplicatedBytes, 0);
  assert.equal(summary.reorderedBytes, 0);
  // Past the first anomalies, each byte altered in place is counted; the first few pieces of
  // garbage count whole (up to 8 bytes of each that were not altered).
  assert.ok(summary.corruptedBytes >= lowercase, `${summary.corruptedBytes} < ${lowercase}`);
  assert.ok(summary.corruptedBytes <= lowercase + 64, `${summary.corruptedBytes} vs ${lowercase}`);
});

Deno.test("StreamVerifier finds pieces moved far apart after many bytes altered in place", () => {
  const data = pattern(200_000, 4);
  const received = data.slice();
  // 100 flipped bytes use up the detailed classification; then 5000 bytes go missing.
  for (let at = 100; at < 100_000; at += 1000) received[at] ^= 0xff;
  const shifted = concat(received.subarray(0, 150_003), received.subarray(155_003));
  const summary = verify(shifted, [4096], { seed: 4, expectedBytes: data.length });
  assert.deepEqual(anomalies(summary), { ...CLEAN, corrupted: 100, lost: 5000 });
  // Bytes where the pieces meet that match both sides may go to either: the range may sit a few
  // bytes off.
  const [range] = summary.lostRanges;
  assert.equal(summary.lostRanges.length, 1);
  assert.equal(range.end - range.start, 5000);
  assert.ok(Math.abs(range.start - 150_003) < 8, JSON.stringify(range));
});

Deno.test("StreamVerifier counts bytes past where the receiver stopped as not read, not lost", () => {
  const data = pattern(4096, 2);
  // A duplicating peer: 100 bytes twice; the receiver reads exactly 4096 bytes.
  const received = concat(data.subarray(0, 1100), data.subarray(1000, 3996));
  const verifier = new StreamVerifier({ seed: 2, expectedBytes: 4096 });
  verifier.push(received);
  const stopped = verifier.finish({ ended: false });
  assert.deepEqual(anomalies(stopped), { ...CLEAN, duplicated: 100 });
  assert.equal(stopped.unreadBytes, 100);
  const ended = new StreamVerifier({ seed: 2, expectedBytes: 4096 });
  ended.push(received);
  assert.deepEqual(anomalies(ended.finish()), { ...CLEAN, duplicated: 100, lost: 100 });
});

/** A 1 MiB stream with `len`-byte pieces swapped, duplicated or dropped every `every` bytes. */
function brokenEvery(kind: string, seed: number, len: number, every: number) {
  const total = 1 << 20;
  const data = pattern(total + 2 * len, seed);
  const parts: Uint8Array[] = [];
  let from = 0;
  let pieces = 0;
  for (let at = 5; at + 2 * len < total; at += every, pieces++) {
    parts.push(data.subarray(from, at));
    if (kind === "swapped") {
      parts.push(data.subarray(at + len, at + 2 * len), data.subarray(at, at + len));
      from = at + 2 * len;
    } else {
      if (kind === "duplicated") {
        parts.push(data.subarray(at, at + len), data.subarray(at, at + len));
      }
      from = at + len;
    }
  }
  parts.push(data.subarray(from, total));
  return { received: concat(...parts), bytes: pieces * len, total };
}

Deno.test("StreamVerifier keeps counting exactly past the anomalies it classifies in detail", () => {
  // Hundreds of anomalies: all but the first 8 are counted, boundaries placed as they come.
  let swappedBytes = 0;
  let misplaced = 0;
  for (const seed of [0x5eed, 1, 2]) {
    for (const len of [22, 64, 100]) {
      const duplicated = brokenEvery("duplicated", seed, len, 4101);
      assert.deepEqual(
        anomalies(verify(duplicated.received, [65536], { seed, expectedBytes: duplicated.total })),
        { ...CLEAN, duplicated: duplicated.bytes },
        `duplicated, seed ${seed}, ${len} bytes`,
      );
      const dropped = brokenEvery("dropped", seed, len, 4103);
      assert.deepEqual(
        anomalies(verify(dropped.received, [65536], { seed, expectedBytes: dropped.total })),
        { ...CLEAN, lost: dropped.bytes },
        `dropped, seed ${seed}, ${len} bytes`,
      );
      const swapped = brokenEvery("swapped", seed, len, 4099);
      const found = anomalies(
        verify(swapped.received, [65536], { seed, expectedBytes: swapped.total }),
      );
      swappedBytes += swapped.bytes;
      misplaced += found.lost + found.duplicated + found.corrupted +
        Math.abs(found.reordered - swapped.bytes);
    }
  }
  // Swapped pieces are counted as reordered, but for a byte where a piece meets its neighbour
  // that matches both (decided without the bytes that come later), and a piece whose check bytes
  // happen to match where it landed (counted as altered in place).
  assert.ok(misplaced <= swappedBytes / 1000, `${misplaced} of ${swappedBytes} bytes misplaced`);
});
