import assert from "node:assert/strict";
import { rateOverTimeSpec } from "./plot_rate.ts";
import { renderChartSvg } from "./plot_svg.ts";

Deno.test("rateOverTimeSpec draws completed and failed per second of each interval", async () => {
  const spec = rateOverTimeSpec("echo", "requests/s", [
    { startSeconds: 0, completedPerSecond: 900, errorsPerSecond: 0 },
    { startSeconds: 1, completedPerSecond: 1100, errorsPerSecond: 2 },
  ]);
  const values = (spec.data as { values: { outcome: string; perSecond: number }[] }).values;
  assert.deepEqual(values.map((v) => `${v.outcome} ${v.perSecond}`), [
    "completed 900",
    "errors 0",
    "completed 1100",
    "errors 2",
  ]);
  const svg = await renderChartSvg(spec);
  assert.match(svg, />requests\/s</);
  assert.match(svg, />time \(s\)</);
  assert.equal((svg.match(/aria-roledescription="line mark"/g) ?? []).length, 2);
});
