import assert from "node:assert/strict";
import { describeEcho, type EchoOptions } from "./echo_diagnosis.ts";

const text = (s: string) => new TextEncoder().encode(s);
const SENT = "alpha\nbeta\ngamma\n";

Deno.test("describeEcho() names what an echo did to the bytes sent to it", () => {
  const cases: [string, EchoOptions, string | undefined][] = [
    // What a faulty echo returns for "alpha\nbeta\ngamma\n", and what is said of it.
    ["alphabeta\ngamma\n", { ended: true }, "1 byte sent at offset 5 never came back (lost)"],
    [
      "alphabeta\ngam",
      {},
      "1 byte sent at offset 5 has not come back, the bytes after it have (lost, or reordered)",
    ],
    ["alpha\nbeta\ngamma\nalpha", {}, "5 bytes more came back than the 17 sent"],
    ["alpha\nalpha\nbeta\ngamma\n", {}, "6 bytes came back twice at offset 6 (duplicated)"],
    [
      "alpha\ngamma\nbeta\n",
      {},
      "the bytes sent at offset 11 came back at offset 6, ahead of 5 bytes sent before them (reordered, or those were lost)",
    ],
    ["ALPHA\nBETA\nGAMMA\n", {}, "the same letters in another case (14 of 17 bytes)"],
    ["alpha\nbeXa\ngamma\n", {}, "1 of 17 bytes altered, the first at offset 8"],
    ["alpha\nbe", { ended: true }, "the echo ended after 8 of the 17 bytes sent (cut short)"],
    ["alpha", { timedOut: true }, "5 of the 17 bytes sent came back within the step's timeout"],
    [
      "alpha",
      { timedOut: true, totals: { sent: 9000, received: 5 } },
      "5 of the 9000 bytes sent came back within the step's timeout",
    ],
    // Nothing wrong yet: the rest may still come.
    ["alpha\nbe", {}, undefined],
    [SENT, { ended: true }, undefined],
  ];
  for (const [received, options, says] of cases) {
    assert.equal(
      describeEcho(text(SENT), text(received), options),
      says,
      `${JSON.stringify(received)} ${JSON.stringify(options)}`,
    );
  }
});
