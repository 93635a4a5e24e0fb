/** The machine a benchmark ran on. @module */
import { readProcFile } from "./proc_stats.ts";

/** What the benchmark figures depend on. */
export interface MachineInfo {
  cpuModel: string;
  /** Logical CPUs (`navigator.hardwareConcurrency`). */
  cores: number;
  /** `Linux 6.18.44` from `Deno.build.os` and `Deno.osRelease()`. */
  kernel: string;
  hostname: string;
  memoryTotalBytes?: number;
  deno: string;
  v8: string;
  typescript: string;
  arch: string;
}

/** Reads the CPU model from `/proc/cpuinfo` where available, and the rest from Deno. */
export async function readMachineInfo(): Promise<MachineInfo> {
  const cpuinfo = await readProcFile("/proc/cpuinfo");
  const model = cpuinfo?.match(/^model name\s*:\s*(.+)$/m)?.[1].trim();
  let memoryTotalBytes: number | undefined;
  try {
    memoryTotalBytes = Deno.systemMemoryInfo().total;
  } catch { /* no --allow-sys */ }
  let kernel: string = Deno.build.os;
  let hostname = "unknown";
  try {
    kernel = `${Deno.build.os} ${Deno.osRelease()}`;
    hostname = Deno.hostname();
  } catch { /* no --allow-sys */ }
  return {
    cpuModel: model ?? "unknown",
    cores: navigator.hardwareConcurrency,
    kernel,
    hostname,
    memoryTotalBytes,
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
    arch: Deno.build.arch,
  };
}
