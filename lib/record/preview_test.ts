import assert from "node:assert/strict";
import { payloadPreview, PREVIEW_BYTES } from "./preview.ts";
import { Recorder } from "./recorder.ts";

const encoder = new TextEncoder();

Deno.test("payloadPreview shows printable ASCII as is and escapes the rest", () => {
  assert.equal(payloadPreview(encoder.encode("GET / \\\r\n\t")), "GET / \\\\\\r\\n\\t");
  assert.equal(payloadPreview(new Uint8Array([0, 0x7f, 0xff, 0x41])), "\\x00\\x7f\\xffA");
  assert.equal(payloadPreview(new Uint8Array()), "");
});

Deno.test("payloadPreview cuts after PREVIEW_BYTES bytes and says so", () => {
  const text = "x".repeat(PREVIEW_BYTES);
  assert.equal(payloadPreview(encoder.encode(text)), text);
  assert.equal(payloadPreview(encoder.encode(text + "y")), `${text}…`);
});

Deno.test("Recorder gives kept sends a preview, and events past its bound none", () => {
  const recorder = new Recorder({ maxOpEvents: 1 });
  recorder.add({ peer: "client", kind: "send", bytes: 2 }, encoder.encode("hi"));
  recorder.add({ peer: "client", kind: "send", bytes: 2 }, encoder.encode("ho"));
  recorder.add({ peer: "client", kind: "close" });
  assert.deepEqual(recorder.events.map((e) => [e.kind, e.preview]), [
    ["send", "hi"],
    ["close", undefined],
  ]);
  assert.equal(recorder.droppedOpEvents, 1);
});
