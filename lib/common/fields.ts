/** Zod field schemas shared by the scenario, step, fault and check schemas. @module */
import { z } from "../_deps/zod.ts";
import { parseDurationMs } from "./duration.ts";

/** A size in bytes: an integer, or a string such as `"64KiB"`, `"1 MiB"`, `"1500"`. */
export { sizeSchema as sizeField } from "./size_schema.ts";

/** A duration in ms: a number, or a string such as `"250ms"`, `"2s"`. */
export const durationField: z.ZodType<number, number | string> = z
  .union([z.number(), z.string()])
  .transform((value, ctx) => {
    try {
      return parseDurationMs(value);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  })
  .meta({ description: 'Milliseconds: 500, "500ms", "2s", "1m"' });

/** A TCP or UDP port, 0 meaning "an ephemeral port chosen by the kernel". */
export const portField: z.ZodType<number | string, number | string> = z.union([
  z.int().min(0, "expected a port from 0 to 65535").max(65535, "expected a port from 0 to 65535"),
  z.string().regex(/\{[\w.]+\}/, 'expected a port number or a variable such as "{server.port}"'),
]);

/**
 * Longest Unix socket path: sun_path is 108 bytes on Linux, one of them the terminating NUL
 * (unix(7)).
 */
export const MAX_UNIX_PATH_BYTES = 107;

/** A Unix socket path. */
export const pathField: z.ZodType<string, string> = z.string().min(1).refine(
  (path) => new TextEncoder().encode(path).length <= MAX_UNIX_PATH_BYTES,
  { message: `expected a Unix socket path of at most ${MAX_UNIX_PATH_BYTES} bytes (unix(7))` },
);

/** Stream payload patterns that sockspec generates and can verify. */
export const patternField: z.ZodEnum<{ sequence: "sequence"; zero: "zero"; ascii: "ascii" }> = z
  .enum(["sequence", "zero", "ascii"]);

/** Names of the errors a step may expect: Deno's error classes plus sockspec's. */
export const ERROR_NAMES = [
  "AddrInUse",
  "AddrNotAvailable",
  "BrokenPipe",
  "ConnectionAborted",
  "ConnectionRefused",
  "ConnectionReset",
  "InvalidData",
  "NotConnected",
  "NotFound",
  "PermissionDenied",
  "NotCapable",
  "TimedOut",
  "UnexpectedEof",
  "WriteZero",
  "BadResource",
  "Interrupted",
  "MessageTooLong",
] as const;

/** One error name or a list of accepted ones. */
export const errorField = z.union([z.enum(ERROR_NAMES), z.array(z.enum(ERROR_NAMES)).min(1)]);

/** A regular expression, checked when the file loads. */
export const regexField: z.ZodType<string, string> = z.string().superRefine((source, ctx) => {
  try {
    new RegExp(source);
  } catch (error) {
    ctx.addIssue({
      code: "custom",
      message: `expected a regular expression: ${(error as Error).message}`,
    });
  }
});

/** IPv4 addresses in dotted-decimal form. */
export const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** Whether `text` is an IPv6 address literal (as URL parsing accepts it). */
function isIpv6(text: string): boolean {
  if (!text.includes(":")) return false;
  try {
    return new URL(`http://[${text}]/`).hostname !== "";
  } catch {
    return false;
  }
}

/** An IP address (sockspec does not resolve names), or a `{variable}`. */
export const hostField: z.ZodType<string, string> = z.string().superRefine((host, ctx) => {
  if (IPV4.test(host) || isIpv6(host) || /^\{[\w.]+\}$/.test(host)) return;
  ctx.addIssue({
    code: "custom",
    message: `expected an IP address such as 127.0.0.1 or ::1, found ${
      JSON.stringify(host)
    } (sockspec does not resolve names)`,
  });
});
