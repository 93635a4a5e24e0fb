import assert from "node:assert/strict";
import {
  parseProcStat,
  parseStatusField,
  readCpuTimes,
  readPeakRssKiB,
  readProcFile,
  readRssKiB,
} from "./proc_stats.ts";

const onLinux = Deno.build.os === "linux";

Deno.test("parseProcStat reads utime and stime past a command name with spaces and parens", () => {
  const line = "1234 (my (odd) cmd) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 75 3 4 20 0 1 0";
  const t = parseProcStat(line);
  assert.equal(t.userMicros, 2_500_000);
  assert.equal(t.systemMicros, 750_000);
  assert.equal(t.childrenUserMicros, 30_000);
  assert.equal(t.childrenSystemMicros, 40_000);
  assert.throws(() => parseProcStat("1 (x) S 1 2"), TypeError);
});

Deno.test("parseStatusField reads a kB field of /proc/<pid>/status", () => {
  const text = "Name:\tdeno\nVmPeak:\t  999 kB\nVmHWM:\t   58224 kB\nVmRSS:\t   40000 kB\n";
  assert.equal(parseStatusField(text, "VmHWM"), 58224);
  assert.equal(parseStatusField(text, "VmRSS"), 40000);
  assert.equal(parseStatusField(text, "VmSwap"), undefined);
  assert.equal(parseStatusField(undefined, "VmHWM"), undefined);
});

Deno.test({
  name: "the /proc readers see this process: peak RSS at least RSS, CPU time counted",
  ignore: !onLinux,
  async fn() {
    // RSS first: the peak read after it is the high-water mark so far, so at least that RSS.
    const rss = await readRssKiB();
    const peak = await readPeakRssKiB();
    assert.ok(peak !== undefined && rss !== undefined);
    assert.ok(rss > 0, `RSS ${rss} KiB`);
    assert.ok(peak >= rss, `peak ${peak} KiB below RSS ${rss} KiB`);
    const cpu = await readCpuTimes();
    assert.ok(cpu !== undefined && cpu.userMicros + cpu.systemMicros > 0);
    assert.equal(await readProcFile("/proc/0/does-not-exist"), undefined);
  },
});
