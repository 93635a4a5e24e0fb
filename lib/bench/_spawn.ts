/** Running an external tool with bounded waits. @module */
import { LineReader } from "./_line_reader.ts";
import { withTimeout } from "./_timeout.ts";

/** A tool was not found or failed. */
export class ToolError extends Error {
  override name = "ToolError";
}

/** A started server process whose output is read line by line. */
export interface ServerProcess extends AsyncDisposable {
  child: Deno.ChildProcess;
  stdout: LineReader;
  /** Waits for it to exit within `timeoutMs`, killing it after that. */
  stop(options?: { signal?: Deno.Signal; timeoutMs?: number }): Promise<void>;
}

/**
 * Starts `command` with stdout piped (read through a {@linkcode LineReader}) and waits for a
 * stdout line matching `ready`.
 *
 * @throws {BenchTimeoutError} if no such line comes within `timeoutMs`; the process is killed.
 */
export async function startServer(
  command: string,
  args: string[],
  ready: (line: string) => boolean,
  timeoutMs = 10_000,
): Promise<ServerProcess> {
  const child = new Deno.Command(command, {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const stdout = new LineReader(child.stdout);
  let stopped = false;
  const stop = async (options: { signal?: Deno.Signal; timeoutMs?: number } = {}) => {
    if (stopped) return;
    stopped = true;
    if (options.signal) {
      try {
        child.kill(options.signal);
      } catch { /* already exited */ }
    }
    try {
      await withTimeout(child.status, options.timeoutMs ?? 3000, `${command} to exit`);
    } catch {
      try {
        child.kill("SIGKILL");
      } catch { /* already exited */ }
      await child.status;
    }
    await stdout.drain().catch(() => {});
  };
  try {
    await stdout.waitFor(ready, timeoutMs, `${command} to be ready`);
  } catch (error) {
    await stop({ signal: "SIGKILL" });
    throw error;
  }
  return { child, stdout, stop, [Symbol.asyncDispose]: () => stop({ signal: "SIGTERM" }) };
}

/**
 * Runs `command` to completion and returns its stdout and stderr as text.
 *
 * @throws {ToolError} if it cannot start, exits non-zero, or runs past `timeoutMs` (killed).
 */
export async function runTool(
  command: string,
  args: string[],
  timeoutMs: number,
): Promise<{ stdout: string; stderr: string }> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(command, { args, stdin: "null", stdout: "piped", stderr: "piped" })
      .spawn();
  } catch (error) {
    throw new ToolError(`Could not start ${command}: ${error}`);
  }
  const output = child.output();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const killed = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    const result = await Promise.race([output, killed]);
    if (result === "timeout") {
      child.kill("SIGKILL");
      await output.catch(() => {});
      throw new ToolError(`Expected ${command} to finish within ${timeoutMs} ms, it did not`);
    }
    const decoder = new TextDecoder();
    const stdout = decoder.decode(result.stdout);
    const stderr = decoder.decode(result.stderr);
    if (!result.success) {
      throw new ToolError(
        `Expected ${command} ${args.join(" ")} to exit 0, found ${result.code}: ${stderr || stdout}`
          .slice(0, 2000),
      );
    }
    return { stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

/** The absolute path of `command` on PATH, or undefined. */
export async function which(command: string): Promise<string | undefined> {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    if (!dir) continue;
    try {
      const info = await Deno.stat(`${dir}/${command}`);
      if (info.isFile) return `${dir}/${command}`;
    } catch { /* not here */ }
  }
  return undefined;
}

/** A free loopback port (bound and released at once: another process may take it first). */
export function freePort(transport: "tcp" | "udp" = "tcp"): number {
  if (transport === "udp") {
    const socket = Deno.listenDatagram({ transport: "udp", hostname: "127.0.0.1", port: 0 });
    const port = (socket.addr as Deno.NetAddr).port;
    socket.close();
    return port;
  }
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}
