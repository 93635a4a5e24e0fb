/**
 * File descriptors a run needs, checked against RLIMIT_NOFILE before it starts: a run that would
 * pass the limit fails at once with a message naming `ulimit -n`, instead of failing half-way
 * with EMFILE (or Deno 2.9 panicking on EMFILE in its signal code). Deno raises its soft limit
 * to the hard one when it starts, so the hard limit (`ulimit -Hn`, which only root raises) is
 * what a run gets.
 *
 * @module
 */
import type { Scenario, Step } from "../model/scenario.ts";
import type { Transport } from "../common/transport.ts";
import { isStream } from "../common/transport.ts";

/** Descriptors the runtime and the runner hold besides a run's sockets (measured: about 40). */
export const BASE_DESCRIPTORS = 256;

function* allSteps(steps: Step[]): Generator<Step> {
  for (const step of steps) {
    yield step;
    yield* allSteps(step.children);
    for (const branch of step.branches) yield* allSteps(branch);
  }
}

/**
 * Sockets a run of `scenario` on `transport` holds at most at once in this process: every
 * client's connections, their accepted ends in an in-process server, twice more through a
 * fault relay, datagram sockets, listeners, and three pipes a command peer.
 */
export function socketsNeeded(scenario: Scenario, transport: Transport): number {
  let clientConnections = 0;
  let other = 0;
  for (const peer of scenario.peers) {
    const steps = [...allSteps(peer.steps)];
    const connects = steps.filter((s) => s.kind === "connect").length;
    const labels = new Set(
      steps.filter((s) => s.kind === "send_to" || s.kind === "receive_from").map((s) => s.socket),
    );
    const listens = steps.filter((s) => s.kind === "listen").length;
    if (peer.role === "client") {
      // A stream client of a command or a builtin peer has at least the connection it makes.
      const own = peer.kind === "script" ? connects : isStream(transport) ? 1 : 0;
      clientConnections += peer.count * own;
    }
    other += peer.count * (labels.size + listens + (peer.kind === "command" ? 3 : 0)) + 1;
  }
  const inProcessServer = scenario.peers.some((p) =>
    p.role === "server" && (p.kind === "builtin" || p.kind === "script")
  );
  const perConnection = (inProcessServer && isStream(transport) ? 2 : 1) +
    (scenario.faults && scenario.faults.length > 0 ? 2 : 0);
  return clientConnections * perConnection + other;
}

/** The open-file limits of this process: soft (what applies) and hard (how far it may rise). */
export interface DescriptorLimit {
  soft: number;
  hard: number;
}

let cached: Promise<DescriptorLimit | undefined> | undefined;

/**
 * RLIMIT_NOFILE, read through `sh -c 'ulimit -Sn; ulimit -Hn'` (a child inherits the limits; Deno
 * has no getrlimit and reads /proc/self only with --allow-all). Undefined when it cannot be read.
 */
export function descriptorLimit(): Promise<DescriptorLimit | undefined> {
  cached ??= (async () => {
    try {
      const { stdout, success } = await new Deno.Command("sh", {
        args: ["-c", "ulimit -Sn; ulimit -Hn"],
        stdin: "null",
        stderr: "null",
      }).output();
      if (!success) return undefined;
      const [soft, hard] = new TextDecoder().decode(stdout).trim().split("\n").map((line) =>
        line.trim() === "unlimited" ? Infinity : Number(line)
      );
      return Number.isNaN(soft) || Number.isNaN(hard) ? undefined : { soft, hard };
    } catch {
      return undefined;
    }
  })();
  return cached;
}

/**
 * Why `scenario` on `transport` cannot run under the open-file limit, or undefined.
 *
 * @param limit The limit to compare with (the process's own by default).
 */
export async function descriptorShortfall(
  scenario: Scenario,
  transport: Transport,
  limit?: DescriptorLimit,
): Promise<string | undefined> {
  const sockets = socketsNeeded(scenario, transport);
  if (sockets < 64) return undefined;
  const found = limit ?? await descriptorLimit();
  if (found === undefined) return undefined;
  const needed = sockets + BASE_DESCRIPTORS;
  if (needed <= found.soft) return undefined;
  const raise = needed <= found.hard
    ? `raise it with \`ulimit -n ${needed}\` (the hard limit is ${found.hard})`
    : `raise it with \`ulimit -n ${needed}\` as root (the hard limit is ${found.hard})`;
  return `this run needs about ${sockets} sockets open at once and the open-file limit ` +
    `(RLIMIT_NOFILE) is ${found.soft}: ${raise}, then run again`;
}
