/**
 * Resource use of this process and of others, read from Linux `/proc` (proc(5)).
 *
 * Deno grants `/proc` only to `--allow-all`; under narrower permissions (the `deno task bench`
 * flags) the files are read through `cat` and written through `sh` instead, which `--allow-run`
 * permits. Every function returns undefined or false where neither works (not Linux, the
 * process is gone).
 *
 * @module
 */

/** A process id, or `"self"` for this process. */
export type ProcTarget = number | "self";

/** Clock ticks per second of `/proc/<pid>/stat` times (`sysconf(_SC_CLK_TCK)`, 100 on Linux). */
export const CLOCK_TICKS_PER_SECOND = 100;

/** Reads a `/proc` file, directly or through `cat`; undefined if neither works. */
export async function readProcFile(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotCapable)) return undefined;
  }
  try {
    const output = await new Deno.Command("cat", { args: [path], stderr: "null" }).output();
    return output.success ? new TextDecoder().decode(output.stdout) : undefined;
  } catch {
    return undefined;
  }
}

/** Peak resident set size (`VmHWM` in `/proc/<pid>/status`), in KiB. */
export async function readPeakRssKiB(target: ProcTarget = "self"): Promise<number | undefined> {
  return parseStatusField(await readProcFile(`/proc/${pidOf(target)}/status`), "VmHWM");
}

/** Current resident set size (`VmRSS`), in KiB. */
export async function readRssKiB(target: ProcTarget = "self"): Promise<number | undefined> {
  return parseStatusField(await readProcFile(`/proc/${pidOf(target)}/status`), "VmRSS");
}

/**
 * Resets the peak RSS of a process to its current RSS by writing `5` to
 * `/proc/<pid>/clear_refs` (proc(5), Linux 4.0+). Returns false where that is not allowed.
 */
export async function resetPeakRss(target: ProcTarget = "self"): Promise<boolean> {
  const path = `/proc/${pidOf(target)}/clear_refs`;
  try {
    await Deno.writeTextFile(path, "5");
    return true;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotCapable)) return false;
  }
  try {
    const command = new Deno.Command("sh", {
      args: ["-c", 'echo 5 > "$1"', "sh", path],
      stderr: "null",
    });
    return (await command.output()).success;
  } catch {
    return false;
  }
}

/** CPU time of a process, in µs. */
export interface CpuTimes {
  userMicros: number;
  systemMicros: number;
  /** Of its waited-for children (cutime, cstime), in µs. */
  childrenUserMicros: number;
  childrenSystemMicros: number;
}

/**
 * Reads fields 14-17 (utime, stime, cutime, cstime) of `/proc/<pid>/stat`, in µs. The
 * resolution is one clock tick (10 ms).
 */
export async function readCpuTimes(target: ProcTarget = "self"): Promise<CpuTimes | undefined> {
  const text = await readProcFile(`/proc/${pidOf(target)}/stat`);
  return text === undefined ? undefined : parseProcStat(text);
}

/**
 * Parses the CPU times out of a `/proc/<pid>/stat` line. The command name (field 2) is in
 * parentheses and may hold spaces, so fields are counted from the last `)`.
 *
 * @throws {TypeError} if the line has fewer than 17 fields.
 */
export function parseProcStat(text: string): CpuTimes {
  const fields = text.slice(text.lastIndexOf(")") + 2).trim().split(" ");
  // fields[0] is field 3 (state), so field 14 (utime) is fields[11].
  if (fields.length < 15) {
    throw new TypeError(
      `Expected at least 17 fields in /proc/<pid>/stat, found ${fields.length + 2}`,
    );
  }
  const toMicros = (i: number) => (Number(fields[i]) * 1e6) / CLOCK_TICKS_PER_SECOND;
  return {
    userMicros: toMicros(11),
    systemMicros: toMicros(12),
    childrenUserMicros: toMicros(13),
    childrenSystemMicros: toMicros(14),
  };
}

/** The value in kB of a field (`VmHWM`, `VmRSS`) of a `/proc/<pid>/status` text. */
export function parseStatusField(text: string | undefined, field: string): number | undefined {
  const match = text?.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
  return match ? Number(match[1]) : undefined;
}

function pidOf(target: ProcTarget): number {
  return target === "self" ? Deno.pid : target;
}
