/**
 * Command peers: an external program started with Deno.Command, given the address to use, waited
 * on until ready, its output kept for the report, and always stopped.
 *
 * @module
 */
import { dirname, resolve } from "node:path";
import type { RunContext } from "../context.ts";
import type { Peer } from "../../model/scenario.ts";
import { isStream } from "../../common/transport.ts";
import type { Endpoint } from "../../transport/address.ts";
import { formatEndpoint } from "../../transport/address.ts";
import { connectStream, listenStream } from "../../transport/stream.ts";
import { bindDatagram } from "../../transport/datagram.ts";
import { deadline } from "../deadline.ts";
import { StepFailure } from "../errors.ts";
import { drain, OutputTail } from "./_output_tail.ts";
import { sleepUnlessAborted } from "../steps/_sleep.ts";
import { SETSID, signalFamily } from "./_process_tree.ts";
import { Variables } from "../variables.ts";
import { quote } from "../../_deps/shell_quote.ts";

/** How long a command gets to become ready unless the peer sets `ready_timeout`, in ms. */
export const DEFAULT_READY_TIMEOUT_MS = 5000;
/** Readiness of a datagram server command that sets no `ready:`: this long after its start, in ms. */
export const DEFAULT_DATAGRAM_READY_DELAY_MS = 300;
/** How long a command gets to exit after SIGTERM before SIGKILL, in ms. */
export const STOP_GRACE_MS = 1500;

/** A running command peer. */
export interface RunningCommand {
  name: string;
  /** Settles with the exit code when the process ends. */
  exited: Promise<number | null>;
  /** Kept stdout and stderr. */
  stdout: OutputTail;
  stderr: OutputTail;
  /** Exit code, once exited. */
  exitCode?: number | null;
  /** The signal that ended it, once exited; null when it exited by itself. */
  exitSignal?: Deno.Signal | null;
  /** Whether it ended before sockspec began to stop it: it exited or crashed by itself. */
  exitedUnasked?: boolean;
  /** Sends SIGTERM, then SIGKILL after a grace period; resolves when the process is gone. */
  stop(): Promise<void>;
}

/**
 * Picks a free address for a server command: binds port 0 and releases it (the kernel does not
 * hand out the same ephemeral port again at once), or a fresh Unix path.
 */
export function allocateEndpoint(ctx: RunContext, host: string, name: string): Endpoint {
  if (ctx.transport === "unix" || ctx.transport === "unixgram") {
    return { path: ctx.socketPath(name) };
  }
  const probe = isStream(ctx.transport)
    ? listenStream({ host, port: 0 })
    : bindDatagram({ host, port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  return { host, port };
}

/**
 * Runs `"$@"` with standard input from /dev/null, beside a watcher that reads the original
 * standard input (a pipe from sockspec that is never written) and, at its end of file, kills
 * the whole process group: so a command and everything it forked die with sockspec, even when
 * sockspec is killed with SIGKILL. Used only under setsid, where the group is the command's own.
 */
const SUPERVISOR = [
  "exec 3<&0",
  "{ while read -r _; do :; done; kill -KILL 0; } <&3 >/dev/null 2>&1 &",
  'exec "$@" </dev/null 3<&-',
].join("\n");

/**
 * The program and its arguments, as the scenario gives them. In a command line for `sh -c`, every
 * value put in place of a `{name}` is shell-quoted: an address, a path or a `--var` value is one
 * word, never shell syntax.
 */
function argv(peer: Peer, expand: (text: string, quoted: boolean) => string): string[] {
  const command = peer.doc.command!;
  return typeof command === "string"
    ? ["sh", "-c", `exec ${expand(command, true)}`]
    : command.map((arg) => expand(arg, false));
}

function shellWord(value: string): string {
  return quote([value]);
}

/**
 * Starts a command peer. `{port}`, `{host}`, `{path}` (the server's address), `{tmp}` and
 * `{seed}` are replaced in its arguments.
 *
 * @throws {StepFailure} When the program cannot be started (not found, or `--allow-run` not
 *   granted).
 */
export function startCommand(peer: Peer, ctx: RunContext, endpoint?: Endpoint): RunningCommand {
  const address = new Variables();
  if (endpoint && "path" in endpoint) address.set("path", endpoint.path);
  if (endpoint && "host" in endpoint) {
    address.set("host", endpoint.host);
    address.set("port", endpoint.port);
  }
  const args = argv(
    peer,
    (text, quoted) => ctx.vars.expand(text, address, quoted ? { quote: shellWord } : {}),
  );
  // Under setsid the command leads a process group of its own, so stopping it reaches the
  // children it forks; the supervisor kills that group when sockspec dies, however it dies.
  const spawned = SETSID ? [SETSID, "sh", "-c", SUPERVISOR, "sockspec-peer", ...args] : args;
  const cwd = resolve(dirname(ctx.scenario.file), peer.doc.cwd ?? ".");
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(spawned[0], {
      args: spawned.slice(1),
      cwd,
      env: peer.doc.env,
      stdin: SETSID ? "piped" : "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) {
      throw new StepFailure(
        `${peer.name}: starting ${args[0]} needs --allow-run (deno task scenarios grants it)`,
      );
    }
    throw new StepFailure(`${peer.name}: cannot start ${args[0]}: ${(error as Error).message}`);
  }
  // Never written: it closes when sockspec dies, or below once the command has exited.
  const lifeline = SETSID ? child.stdin.getWriter() : undefined;
  const stdout = new OutputTail();
  const stderr = new OutputTail();
  let stopping = false;
  ctx.pending(Promise.all([drain(child.stdout, stdout), drain(child.stderr, stderr)]));
  const running: RunningCommand = {
    name: peer.name,
    stdout,
    stderr,
    // The exit status comes when the process ends, even if a child it forked still holds its
    // output open; the output is drained on the side, within the run's settle time.
    exited: ctx.pending(
      child.status.then((status) => {
        lifeline?.close().catch(() => {});
        running.exitCode = status.code;
        running.exitSignal = status.signal;
        running.exitedUnasked = !stopping;
        ctx.record.add({
          peer: peer.name,
          kind: "close",
          detail: `exited with code ${status.code}`,
        });
        return status.code;
      }),
    ),
    stop: () => {
      stopping = true;
      return stopProcess(child.pid, running.exited);
    },
  };
  ctx.record.add({ peer: peer.name, kind: "step", detail: `started ${args.join(" ")}` });
  ctx.track({ close: running.stop });
  return running;
}

/**
 * Stops a command and everything it started: SIGTERM to its process group and descendants, then
 * SIGKILL after {@linkcode STOP_GRACE_MS} if it has not exited, and SIGKILL to any child left.
 */
async function stopProcess(pid: number, exited: Promise<unknown>): Promise<void> {
  signalFamily(pid, "SIGTERM");
  let timer: ReturnType<typeof setTimeout> | undefined;
  const graceOver = new Promise<"late">((r) => timer = setTimeout(() => r("late"), STOP_GRACE_MS));
  if (await Promise.race([exited, graceOver]) === "late") signalFamily(pid, "SIGKILL");
  clearTimeout(timer);
  await exited;
  signalFamily(pid, "SIGKILL");
}

async function portAccepts(endpoint: Endpoint, signal: AbortSignal): Promise<void> {
  for (;;) {
    try {
      (await connectStream(endpoint)).close();
      return;
    } catch {
      await sleepUnlessAborted(25, signal);
    }
  }
}

/**
 * Waits until a server command is ready: its port accepts (the default on streams), a stdout
 * line matches, or a delay passed (the default on datagrams: 300 ms).
 *
 * @throws {StepFailure} When it exits first or is not ready within `ready_timeout`; the message
 *   gives the exit code and the tail of its output.
 */
export async function waitReady(
  peer: Peer,
  running: RunningCommand,
  ctx: RunContext,
  endpoint: Endpoint,
): Promise<void> {
  const ready = peer.doc.ready ??
    (isStream(ctx.transport)
      ? { port: true as const }
      : { delay: DEFAULT_DATAGRAM_READY_DELAY_MS });
  const timeoutMs = peer.doc.ready_timeout ?? DEFAULT_READY_TIMEOUT_MS;
  const probe = new AbortController();
  const readiness = "port" in ready
    ? portAccepts(endpoint, probe.signal)
    : "stdout" in ready
    ? running.stdout.waitFor(new RegExp(ready.stdout)).then(() => {})
    : sleepUnlessAborted(ready.delay, probe.signal);
  const what = "port" in ready
    ? `${formatEndpoint(endpoint)} to accept connections`
    : "stdout" in ready
    ? `a stdout line matching /${ready.stdout}/`
    : `${ready.delay} ms`;
  try {
    const outcome = await deadline(
      Promise.race([
        readiness.then(() => "ready" as const),
        running.exited.then(() => "exited" as const),
      ]),
      timeoutMs,
      `${peer.name}: waiting for ${what}`,
    );
    if (outcome === "exited") {
      throw new StepFailure(
        `${peer.name} exited with code ${running.exitCode} before it was ready (waiting for ${what})`,
      );
    }
  } finally {
    probe.abort();
    // A port probe or delay stops on abort; a stdout watcher just stays unmatched.
    if (!("stdout" in ready)) await readiness.catch(() => {});
  }
}
