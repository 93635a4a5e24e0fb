/**
 * The Deno permissions a run needs, checked before it starts: a missing one is named in a
 * message rather than met as an uncaught NotCapable halfway through. Write access is derived
 * from the command line: when a report, a failure record folder or TMPDIR lies outside what the
 * process may write, the CLI runs itself again with `--allow-write` narrowed to exactly those
 * paths (see `writeGrants`), when it may start processes at all: --allow-run already allows
 * anything, so this grants nothing the process could not take.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { SCENARIO_PERMISSIONS } from "../runner/permissions.ts";
import { PARENT_ENV } from "../runner/parent_watch.ts";
import { STOP_SIGNALS, type StopSignal } from "./interrupt.ts";

/** Environment variables sockspec reads; the YAML parser reads the two LOG_ ones. */
export const ENV_READ = [
  "PATH",
  "TMPDIR",
  "SOCKSPEC_NETNS",
  PARENT_ENV,
  "LOG_TOKENS",
  "LOG_STREAM",
];

const CLI = new URL("../../cli.ts", import.meta.url);
const CONFIG = new URL("../../deno.json", import.meta.url);

function granted(descriptor: Deno.PermissionDescriptor): boolean {
  return Deno.permissions.querySync(descriptor).state === "granted";
}

/** The full command that grants what sockspec needs, for messages. */
function suggestion(): string {
  return `deno task scenarios, or deno run ${SCENARIO_PERMISSIONS.join(" ")} cli.ts`;
}

/**
 * Says which permission is missing to read the scenario paths and the environment, if one is.
 *
 * @returns A message for the user, or undefined when all are granted.
 */
export function missingReadAccess(paths: string[]): string | undefined {
  const unreadable = paths.filter((path) => !granted({ name: "read", path }));
  if (unreadable.length > 0) {
    return `sockspec needs --allow-read to read ${
      unreadable.join(", ")
    }; run it with ${suggestion()}`;
  }
  const env = ENV_READ.filter((variable) => !granted({ name: "env", variable }));
  if (env.length > 0) {
    return `sockspec needs --allow-env=${
      env.join(",")
    } (PATH and TMPDIR for the runs, LOG_TOKENS ` +
      `and LOG_STREAM for the YAML parser); run it with ${suggestion()}`;
  }
  return undefined;
}

/** Says that --allow-net is missing, if it is: every run opens sockets on loopback. */
export function missingNetAccess(): string | undefined {
  if (granted({ name: "net", host: "127.0.0.1" })) return undefined;
  return `sockspec needs --allow-net to open its sockets; run it with ${suggestion()}`;
}

/** The paths of `paths` that this process may not write. */
export function unwritable(paths: string[]): string[] {
  return paths.filter((path) => !granted({ name: "write", path }));
}

/**
 * Whether this process may run itself again with other write permissions: it may start Deno,
 * it was not itself started that way, and its code is on disk.
 */
export function canRerunNarrowed(): boolean {
  let child = false;
  try {
    child = Deno.env.get(PARENT_ENV) !== undefined;
  } catch {
    child = false;
  }
  return !child && CLI.protocol === "file:" &&
    granted({ name: "run", command: Deno.execPath() });
}

/** The message for paths the process may not write and cannot get access to by itself. */
export function writeAccessMessage(paths: string[]): string {
  return `sockspec needs --allow-write=${paths.join(",")} for the paths on its command line ` +
    `and TMPDIR; give it, or --allow-run so that sockspec can grant it to a run of its own`;
}

/**
 * Runs this CLI again as a child with the permissions of `deno task scenarios`, but
 * `--allow-write` set to `paths`, standard output and error shared, and returns its exit
 * code. Signals received meanwhile are passed on to the child, which stops cleanly and writes
 * its reports; the child watches a lifeline pipe and stops when this process dies.
 */
export async function rerunNarrowed(args: string[], paths: string[]): Promise<number> {
  const permissions = SCENARIO_PERMISSIONS.map((flag) =>
    flag.startsWith("--allow-write") ? `--allow-write=${paths.join(",")}` : flag
  );
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-prompt",
      "--config",
      fileURLToPath(CONFIG),
      ...permissions,
      fileURLToPath(CLI),
      ...args,
    ],
    env: { [PARENT_ENV]: String(Deno.pid) },
    stdin: "piped",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  const lifeline = child.stdin.getWriter();
  let signals = 0;
  const forwards = (Object.keys(STOP_SIGNALS) as StopSignal[]).map((name) => {
    const forward = () => {
      // A terminal's Ctrl-C reaches the child too; a second one here exits at once.
      if (++signals > 1) Deno.exit(STOP_SIGNALS[name]);
      try {
        child.kill(name);
      } catch {
        // Already gone.
      }
    };
    Deno.addSignalListener(name, forward);
    return [name, forward] as const;
  });
  try {
    return (await child.status).code;
  } finally {
    for (const [name, forward] of forwards) Deno.removeSignalListener(name, forward);
    await lifeline.close().catch(() => {});
  }
}
