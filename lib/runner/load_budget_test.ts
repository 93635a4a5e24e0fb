import assert from "node:assert/strict";
import { BudgetSyntaxError, checkBudgets, formatBudget, parseBudgets } from "./load_budget.ts";
import { createLatencyHistogram, latencyPercentiles, recordLatencyMs } from "./load_histogram.ts";

Deno.test("parseBudgets reads percentiles, max and units", () => {
  assert.deepEqual(parseBudgets("p99=5ms, p99.9<=800us,max=2s"), [
    { label: "p99", percentile: "99", maxMicros: 5000 },
    { label: "p99.9", percentile: "99.9", maxMicros: 800 },
    { label: "max", percentile: "100", maxMicros: 2e6 },
  ]);
});

Deno.test("parseBudgets says what it expected", () => {
  assert.throws(() => parseBudgets("p99"), BudgetSyntaxError);
  assert.throws(() => parseBudgets("p99=5"), /expected PERCENTILE=DURATION such as p99=5ms/);
  assert.throws(() => parseBudgets("p98=5ms"), /expected one of p50, p75, p90, .*max, found p98/);
});

Deno.test("checkBudgets compares the measured percentile, and no samples never pass", () => {
  const histogram = createLatencyHistogram();
  for (let i = 1; i <= 100; i++) recordLatencyMs(histogram, i / 10); // 0.1 ms to 10 ms
  const [p50, p99] = checkBudgets(parseBudgets("p50=6ms,p99=5ms"), latencyPercentiles(histogram));
  assert.equal(p50.ok, true);
  assert.equal(p99.ok, false);
  assert.match(formatBudget(p99), /^budget p99 <= 5\.00 ms: measured 9\.90 ms, over budget$/);
  const [none] = checkBudgets(
    parseBudgets("p99=5ms"),
    latencyPercentiles(createLatencyHistogram()),
  );
  assert.equal(none.ok, false);
  assert.match(formatBudget(none), /nothing was measured/);
});
