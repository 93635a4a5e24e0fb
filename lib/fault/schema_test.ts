import { deepEqual, equal, ok } from "node:assert/strict";
import { z } from "zod";
import { faultsSchema } from "./schema.ts";

function problems(input: unknown): string[] {
  const result = faultsSchema.safeParse(input);
  ok(!result.success, "expected the input to be refused");
  return result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

Deno.test("faultsSchema parses one example of every fault kind, defaults applied", () => {
  const faults = faultsSchema.parse([
    { latency: { ms: 20, jitter_ms: 5 }, direction: "to_client" },
    { bandwidth: { bytes_per_second: "1MiB" } },
    { slicer: { min_bytes: 1, max_bytes: 16, delay_ms: 1 } },
    { coalesce: { max_bytes: "4KiB", max_ms: 50 } },
    { reset: { after_bytes: 4096 }, from_ms: 100 },
    { blackhole: {}, from_bytes: "1KiB" },
    { close: { after_bytes: 1000, probability: 0.5 } },
    { slow_close: { delay_ms: 500 } },
    { drop: { probability: 0.1 } },
    { duplicate: { every: 3 } },
    { reorder: { every: 5, after_datagrams: 2 } },
    { delay: { ms: 20, jitter_ms: 10 }, direction: "to_server" },
    { truncate: { to_bytes: 16 } },
  ]);
  deepEqual(faults.map((fault) => fault.kind), [
    "latency",
    "bandwidth",
    "slicer",
    "coalesce",
    "reset",
    "blackhole",
    "close",
    "slow_close",
    "drop",
    "duplicate",
    "reorder",
    "delay",
    "truncate",
  ]);
  deepEqual(faults[0], {
    family: "stream",
    kind: "latency",
    params: { ms: 20, jitter_ms: 5 },
    direction: "to_client",
    probability: 1,
    from_bytes: 0,
    from_ms: 0,
  });
  deepEqual(faults[1].params, { bytes_per_second: 1048576 });
  deepEqual(faults[3].params, { max_bytes: 4096, max_ms: 50 });
  equal(faults[5].family === "stream" && faults[5].from_bytes, 1024);
  equal(faults[6].probability, 0.5);
  deepEqual(faults[9], {
    family: "datagram",
    kind: "duplicate",
    params: { copies: 1 },
    direction: "both",
    probability: 1,
    every: 3,
  });
  deepEqual(faults[10].params, { after_datagrams: 2, max_hold_ms: 100 });
});

Deno.test("faultsSchema names the unknown fault kind", () => {
  const found = problems([{ lantecy: { ms: 1 } }]);
  ok(found.includes('0: Unrecognized key: "lantecy"'), found.join("\n"));
});

Deno.test("faultsSchema refuses two kinds in one entry", () => {
  const found = problems([{ latency: { ms: 1 }, drop: {} }]);
  ok(
    found.some((p) => /exactly one fault kind .* found latency and drop/.test(p)),
    found.join("\n"),
  );
});

Deno.test("faultsSchema points at the bad parameter", () => {
  deepEqual(problems([{ latency: { ms: "x" } }]), [
    "0.latency.ms: Invalid input: expected number, received string",
  ]);
  deepEqual(problems([{ slicer: { min_bytes: 5, max_bytes: 2 } }]), [
    "0.slicer.min_bytes: expected min_bytes <= max_bytes",
  ]);
  ok(
    problems([{ bandwidth: { bytes_per_second: "fast" } }])[0].startsWith(
      "0.bandwidth.bytes_per_second: Invalid size",
    ),
  );
});

Deno.test("faultsSchema refuses options of the other family and conflicting options", () => {
  deepEqual(problems([{ latency: { ms: 1 }, every: 2 }]), [
    "0.every: every applies to datagram faults only; latency is a stream fault",
  ]);
  deepEqual(problems([{ drop: {}, from_bytes: 10 }]), [
    "0.from_bytes: from_bytes applies to stream faults only; drop is a datagram fault",
  ]);
  deepEqual(problems([{ drop: { every: 2, probability: 0.5 } }]), [
    "0.drop: drop takes either probability or every, not both",
  ]);
  deepEqual(problems([{ latency: { ms: 1, direction: "to_server" }, direction: "to_client" }]), [
    "0.direction: direction is given both beside latency and inside it: keep one",
  ]);
  deepEqual(problems([{ drop: { probability: 1.5 } }]), [
    "0.drop.probability: expected a probability from 0 to 1",
  ]);
});

Deno.test("faultsSchema exports to JSON Schema with one required kind per entry", () => {
  const schema = z.toJSONSchema(faultsSchema, { io: "input" }) as {
    items: { oneOf: { required: string[] }[]; properties: Record<string, unknown> };
  };
  equal(schema.items.oneOf.length, 13);
  ok("latency" in schema.items.properties && "drop" in schema.items.properties);
});
