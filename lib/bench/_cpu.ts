/** CPU time of this process. @module */

import { cpuUsage } from "node:process";

/** User plus system CPU time of this whole process so far, in µs (getrusage(2)). */
export function processCpuMicros(): number {
  const usage = cpuUsage();
  return usage.user + usage.system;
}
