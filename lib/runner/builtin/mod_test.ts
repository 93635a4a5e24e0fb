import assert from "node:assert/strict";
import { BUILTIN_PEERS } from "./mod.ts";
import { BUILTINS } from "../../model/peer.ts";

Deno.test("every built-in name the scenario schema accepts has a server, and no other", () => {
  assert.deepEqual(Object.keys(BUILTIN_PEERS).sort(), [...BUILTINS].sort());
});
