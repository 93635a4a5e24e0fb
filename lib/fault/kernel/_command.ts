/**
 * Runs the commands that set up kernel faults (`ip`, `nft`, `tc`).
 *
 * @internal
 * @module
 */
import { KernelCommandError } from "../errors.ts";

/** What a command printed and how it ended. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `command args...`, feeding `stdin` if given. Throws Deno.errors.NotFound if missing. */
export async function run(command: string, args: string[], stdin?: string): Promise<CommandResult> {
  const child = new Deno.Command(command, {
    args,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const output = await child.output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr).trim(),
  };
}

/**
 * Runs a command that must succeed.
 *
 * @throws {KernelCommandError} when it exits with a non-zero code.
 */
export async function runOk(command: string, args: string[], stdin?: string): Promise<string> {
  const result = await run(command, args, stdin);
  if (result.code !== 0) {
    throw new KernelCommandError(
      `expected \`${[command, ...args].join(" ")}\` to succeed, it exited with ${result.code}: ${
        result.stderr || result.stdout.trim()
      }`,
    );
  }
  return result.stdout;
}
