/**
 * Throughput of generating and verifying stream patterns: 1 GiB in 64 KiB chunks per iteration.
 *
 * Run: `deno bench -P lib/pattern/stream_pattern_bench.ts`. Divide 1073.7 MB by the time per
 * iteration for MB/s. The verifier benches push a pre-generated 64 MiB stream through 16 fresh
 * verifiers (the same work as one 1 GiB stream), so that they time `push()` alone. The last bench
 * generates and verifies one 1 GiB stream through a single 64 KiB buffer: its memory stays
 * constant (the resident set size printed at the end includes the pre-generated streams).
 *
 * @module
 */
import { fillPattern, type StreamPatternName, StreamVerifier } from "./stream_pattern.ts";

const CHUNK_BYTES = 64 * 1024;
const TOTAL_BYTES = 1024 ** 3;
const BLOCK_BYTES = 64 * 1024 ** 2;
const SEED = 0x5eed;
const BENCH = { n: 5, warmup: 1 };

const blocks = new Map<string, Uint8Array>();

/** A pre-generated 64 MiB stream, 4-byte aligned or at an odd address (`shift` 1). */
function block(pattern: StreamPatternName, shift: 0 | 1): Uint8Array {
  const key = `${pattern}/${shift}`;
  let bytes = blocks.get(key);
  if (bytes === undefined) {
    bytes = new Uint8Array(new ArrayBuffer(BLOCK_BYTES + shift), shift, BLOCK_BYTES);
    fillPattern(bytes, { pattern, seed: SEED });
    blocks.set(key, bytes);
  }
  return bytes;
}

function verifyGigabyte(pattern: StreamPatternName, shift: 0 | 1): void {
  const stream = block(pattern, shift);
  for (let done = 0; done < TOTAL_BYTES; done += BLOCK_BYTES) {
    const verifier = new StreamVerifier({ pattern, seed: SEED, expectedBytes: BLOCK_BYTES });
    for (let at = 0; at < BLOCK_BYTES; at += CHUNK_BYTES) {
      verifier.push(stream.subarray(at, at + CHUNK_BYTES));
    }
    const summary = verifier.finish();
    if (summary.lostBytes + summary.corruptedBytes !== 0) throw new Error("verifier failed");
  }
}

for (const pattern of ["sequence", "zero", "ascii"] as const) {
  Deno.bench({
    name: `fillPattern ${pattern}, 1 GiB in 64 KiB chunks`,
    group: "fill",
    ...BENCH,
    fn() {
      const chunk = new Uint8Array(CHUNK_BYTES);
      for (let at = 0; at < TOTAL_BYTES; at += CHUNK_BYTES) {
        fillPattern(chunk, { pattern, seed: SEED, offsetBytes: at });
      }
    },
  });
  Deno.bench({
    name: `StreamVerifier.push ${pattern}, 1 GiB in 64 KiB chunks`,
    group: "verify",
    baseline: pattern === "sequence",
    ...BENCH,
    fn() {
      verifyGigabyte(pattern, 0);
    },
  });
}

Deno.bench({
  name: "StreamVerifier.push sequence, 1 GiB in 64 KiB chunks at an odd address",
  group: "verify",
  ...BENCH,
  fn() {
    verifyGigabyte("sequence", 1);
  },
});

Deno.bench({
  name: "fillPattern + StreamVerifier.push sequence, 1 GiB streamed through one 64 KiB buffer",
  group: "stream",
  ...BENCH,
  fn() {
    const chunk = new Uint8Array(CHUNK_BYTES);
    const verifier = new StreamVerifier({ seed: SEED, expectedBytes: TOTAL_BYTES });
    for (let at = 0; at < TOTAL_BYTES; at += CHUNK_BYTES) {
      verifier.push(fillPattern(chunk, { seed: SEED, offsetBytes: at }));
    }
    if (verifier.finish().lostBytes !== 0) throw new Error("verifier failed");
  },
});

globalThis.addEventListener("unload", () => {
  const rssMiB = Deno.memoryUsage().rss / 1024 ** 2;
  console.log(`RSS after the benches (pre-generated streams included): ${rssMiB.toFixed(0)} MiB`);
});

/**
 * Sizes of the streams of the broken-data benches: 1 MiB (divide 1.05 MB by the time for MB/s),
 * and 16 KiB, where what a verifier costs once (its first anomalies are classified in detail)
 * shows.
 */
const BROKEN_SIZES = [
  { name: "1 MiB", bytes: 1024 ** 2, n: 100 },
  { name: "16 KiB", bytes: 16384, n: 2000 },
];
const UPPER_DELTA = 0x20;

/** A `sequence` stream of `size` bytes altered the way a faulty peer alters it. */
function brokenStream(kind: string, size: number): Uint8Array {
  const intact = fillPattern(new Uint8Array(size + 64), { seed: SEED });
  const bytes = intact.slice(0, size);
  if (kind === "upper-cased") {
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] >= 0x61 && bytes[i] <= 0x7a) bytes[i] -= UPPER_DELTA;
    }
  } else if (kind === "a byte flipped every 4 KiB") {
    for (let i = 1000; i < bytes.length; i += 4096) bytes[i] ^= 0xff;
  } else if (kind === "shifted (6 bytes lost at 5)") {
    bytes.set(intact.subarray(6, size + 6).subarray(5), 5);
  } else if (kind === "22-byte pieces swapped every 4 KiB") {
    for (let i = 3; i + 44 < bytes.length; i += 4096) {
      bytes.set(intact.subarray(i + 22, i + 44), i);
      bytes.set(intact.subarray(i, i + 22), i + 22);
    }
  } else if (kind === "random") {
    for (let i = 0; i < bytes.length; i += 65536) {
      crypto.getRandomValues(bytes.subarray(i, Math.min(bytes.length, i + 65536)));
    }
  }
  return bytes;
}

for (const size of BROKEN_SIZES) {
  for (
    const kind of [
      "intact",
      "upper-cased",
      "a byte flipped every 4 KiB",
      "shifted (6 bytes lost at 5)",
      "22-byte pieces swapped every 4 KiB",
      "random",
    ]
  ) {
    const stream = brokenStream(kind, size.bytes);
    Deno.bench({
      name: `StreamVerifier.push sequence, ${size.name} ${kind}, in 64 KiB chunks`,
      group: `broken ${size.name}`,
      baseline: kind === "intact",
      // Enough warm-up for V8 to optimize the verifier's paths for broken data.
      n: size.n,
      warmup: size.n / 5,
      fn() {
        const verifier = new StreamVerifier({ seed: SEED, expectedBytes: size.bytes });
        for (let at = 0; at < size.bytes; at += CHUNK_BYTES) {
          verifier.push(stream.subarray(at, at + CHUNK_BYTES));
        }
        verifier.finish();
      },
    });
  }
}
