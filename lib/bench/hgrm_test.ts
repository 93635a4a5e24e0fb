import assert from "node:assert/strict";
import { join } from "node:path";
import { createLatencyHistogram, encodeHistogram, recordLatencyMs } from "../common/histogram.ts";
import { formatHgrm, hgrmSlug, writeHgrmFiles } from "./hgrm.ts";
import type { BenchDocument } from "./report_document.ts";

Deno.test("formatHgrm writes HdrHistogram's percentile distribution in ms", () => {
  const histogram = createLatencyHistogram();
  for (let i = 1; i <= 100; i++) recordLatencyMs(histogram, i / 10);
  const text = formatHgrm(histogram);
  const lines = text.split("\n");
  assert.match(lines[0], /^\s+Value\s+Percentile\s+TotalCount 1\/\(1-Percentile\)$/);
  const median = lines.find((l) => /^\s+\S+\s+0\.500000000000\s/.test(l))!;
  // HDR values are exact to 0.1 % (3 significant digits).
  assert.ok(Math.abs(Number(median.trim().split(/\s+/)[0]) - 5) <= 0.005, median);
  assert.match(text, /#\[Max\s+=\s+10\.000, Total count\s+=\s+100\]/);
});

Deno.test("writeHgrmFiles writes one file per histogram beside the JSON", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const histogram = createLatencyHistogram();
    recordLatencyMs(histogram, 0.02);
    const entry = { unit: "ns" as const, encoding: "hdr-compressed-base64" as const };
    const document = {
      histograms: {
        "tcp round trip 64 B #0": { ...entry, data: encodeHistogram(histogram) },
        "udp latency under load 64 B #0 @0.5": { ...entry, data: encodeHistogram(histogram) },
      },
    } as unknown as BenchDocument;
    const paths = await writeHgrmFiles(document, join(dir, "bench-results.json"));
    assert.deepEqual(paths, [
      join(dir, "bench-results.tcp-round-trip-64-B-0.hgrm"),
      join(dir, "bench-results.udp-latency-under-load-64-B-0-0.5.hgrm"),
    ]);
    assert.match(await Deno.readTextFile(paths[0]), /#\[Mean\s+=\s+0\.020/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("hgrmSlug keeps letters, digits and dots", () => {
  assert.equal(hgrmSlug("unix/latency: 1 KiB #2 @0.25"), "unix-latency-1-KiB-2-0.25");
});
