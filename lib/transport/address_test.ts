import assert from "node:assert/strict";
import { AddressSyntaxError, formatAddr, formatEndpoint, parseEndpoint } from "./address.ts";

Deno.test("parseEndpoint reads host:port, [v6]:port and Unix paths", () => {
  assert.deepEqual(parseEndpoint("127.0.0.1:7000"), { host: "127.0.0.1", port: 7000 });
  assert.deepEqual(parseEndpoint("[::1]:0"), { host: "::1", port: 0 });
  assert.deepEqual(parseEndpoint("localhost:65535"), { host: "localhost", port: 65535 });
  assert.deepEqual(parseEndpoint("unix:rel.sock"), { path: "rel.sock" });
  assert.deepEqual(parseEndpoint("/tmp/s.sock"), { path: "/tmp/s.sock" });
  assert.deepEqual(parseEndpoint("./s.sock"), { path: "./s.sock" });
});

Deno.test("parseEndpoint refuses a port above 65535, no port, or a bare v6 address", () => {
  for (const text of ["127.0.0.1:65536", "127.0.0.1", "::1:80", "host:port", ""]) {
    assert.throws(() => parseEndpoint(text), AddressSyntaxError, text);
  }
});

Deno.test("formatAddr and formatEndpoint bracket IPv6 and print paths as they are", () => {
  assert.equal(formatAddr({ transport: "tcp", hostname: "::1", port: 80 }), "[::1]:80");
  assert.equal(formatAddr({ transport: "udp", hostname: "127.0.0.1", port: 9 }), "127.0.0.1:9");
  assert.equal(formatAddr({ transport: "unix", path: "/tmp/a" }), "/tmp/a");
  assert.equal(formatAddr({ transport: "unixpacket", path: "" }), "(unnamed)");
  assert.equal(formatEndpoint({ host: "::1", port: 5 }), "[::1]:5");
  assert.equal(formatEndpoint({ path: "/tmp/b" }), "/tmp/b");
});
