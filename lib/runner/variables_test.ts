import assert from "node:assert/strict";
import { Variables } from "./variables.ts";

Deno.test("a byte capture goes into a payload unchanged, and into text as UTF-8", () => {
  const vars = new Variables();
  const bytes = Uint8Array.of(0x00, 0xff, 0x80, 0xc3, 0x28);
  vars.set("raw", bytes);
  vars.set("port", 7000);
  assert.deepEqual(
    vars.expandBytes("<{raw}|{port}|{{raw}>"),
    Uint8Array.of(0x3c, ...bytes, 0x7c, ...new TextEncoder().encode("7000|{raw}>")),
  );
  assert.equal(vars.expand("{raw}"), new TextDecoder().decode(bytes));
});

Deno.test("a local byte capture wins over the run's variable of the same name", () => {
  const run = new Variables();
  const local = new Variables();
  run.set("x", "text");
  local.set("x", Uint8Array.of(0xfe));
  assert.deepEqual(run.expandBytes("{x}", local), Uint8Array.of(0xfe));
});
