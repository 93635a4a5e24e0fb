import assert from "node:assert/strict";
import { MAX_CONCURRENCY, parseCli, UsageError } from "./args.ts";

function refused(args: string[], message: RegExp): void {
  assert.throws(() => parseCli(args), (error: Error) => {
    assert.ok(error instanceof UsageError, `${error.name}: ${error.message}`);
    assert.match(error.message, message);
    return true;
  }, args.join(" "));
}

Deno.test("numbers on the command line are decimal whole numbers within their range", () => {
  refused(["--concurrency", "100000"], /--concurrency: expected a whole number from 1 to 64/);
  refused(["--concurrency", "0x10"], /--concurrency: .* in decimal, found "0x10"/);
  refused(["--concurrency", "0"], /--concurrency: expected a whole number from 1 to 64/);
  refused(["--concurrency", ""], /--concurrency: .*found ""/);
  refused(["--repeat", "1e3"], /--repeat: expected a whole number of 1 or more in decimal/);
  refused(["--seed", ""], /--seed: expected a whole number from 0 to 4294967295 in decimal/);
  refused(["--seed", "0x10"], /--seed: .*found "0x10"/);
  refused(["--seed", "4294967296"], /--seed: /);
  refused(
    ["--shard", "1/99999999999999999999"],
    /--shard: expected I\/N with 1 <= I <= N <= 10000/,
  );
  refused(["--shard", "0/4"], /--shard: /);
  refused(["--timeout", "0"], /--timeout: expected a duration above 0/);
  refused(["--timeout", "3000000000"], /--timeout: expected a duration of at most 2147483647 ms/);
  refused(["--load", "--load-rate", "Infinity"], /--load-rate: /);
  refused(["--load", "--load-clients", "0x10"], /--load-clients: /);
});

Deno.test("values in range are taken as written", () => {
  const options = parseCli([
    "--concurrency",
    String(MAX_CONCURRENCY),
    "--seed",
    "0",
    "--shard",
    "2/4",
    "--timeout",
    "1ms",
  ]);
  assert.equal(options.concurrency, 64);
  assert.equal(options.seed, 0);
  assert.deepEqual(options.shard, { index: 2, count: 4 });
  assert.equal(options.timeoutMs, 1);
  assert.equal(parseCli(["--seed", "4294967295"]).seed, 4294967295);
});
