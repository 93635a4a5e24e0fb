/**
 * Kernel faults: a scenario with `network:` runs in a fresh network namespace where nftables
 * drops or duplicates packets (and tc netem delays them, where the kernel has it). The run
 * re-executes sockspec inside the namespace for that one scenario and reads its JSON report.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import type { Scenario } from "../model/scenario.ts";
import type { Transport } from "../common/transport.ts";
import type { ScenarioResult } from "../report/result.ts";
import { createNamespace, kernelFaultSupport } from "../fault/mod.ts";
import { deadline } from "./deadline.ts";
import { SCENARIO_PERMISSIONS } from "./permissions.ts";
import { PARENT_ENV } from "./parent_watch.ts";
import { runDirBases } from "./run_dir.ts";

/** Set in the environment of a run inside a namespace, to its name. */
export const NETNS_ENV = "SOCKSPEC_NETNS";
/** Time the child run gets beyond the scenario's own timeout, in ms. */
const CHILD_GRACE_MS = 15_000;
const CLI = fileURLToPath(new URL("../../cli.ts", import.meta.url));
const CONFIG = fileURLToPath(new URL("../../deno.json", import.meta.url));

/** Whether this process already runs inside a namespace that sockspec made. */
export function insideNamespace(): boolean {
  try {
    return Deno.env.get(NETNS_ENV) !== undefined;
  } catch {
    return false; // Without --allow-env the variable cannot be set by us either.
  }
}

/**
 * Deletes the namespace this process runs in (named by {@linkcode NETNS_ENV}): used when the
 * process that made it died without deleting it. Never throws.
 */
export async function removeOwnNamespace(): Promise<void> {
  try {
    const name = Deno.env.get(NETNS_ENV);
    if (!name) return;
    await new Deno.Command("ip", {
      args: ["netns", "delete", name],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).output();
  } catch {
    // No ip or no permission: the next run removes it (removeStaleNamespaces).
  }
}

/** Why kernel faults cannot run here, if they cannot. */
export async function networkSkipReason(scenario: Scenario): Promise<string | undefined> {
  const network = scenario.network!;
  const support = await kernelFaultSupport();
  if (!support.ok) return `kernel faults need a network namespace: ${support.reason}`;
  const netem = network.delayMs || network.jitterMs || network.reorderPercent;
  if (netem && !support.netem) {
    return `kernel delay and reordering need tc netem: ${support.netemReason}`;
  }
  if (network.duplicatePercent && !support.duplicate) {
    return `kernel duplication needs nftables dup: ${support.duplicateReason}`;
  }
  return undefined;
}

function bytesOf(value: unknown): Uint8Array | undefined {
  const hex = (value as { hex?: string } | undefined)?.hex;
  if (hex === undefined) return undefined;
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

function resultFrom(stdout: string): ScenarioResult {
  const report = JSON.parse(stdout) as { results: ScenarioResult[] };
  const [result] = report.results;
  if (result.failure) {
    result.failure.expected = bytesOf(result.failure.expected);
    result.failure.received = bytesOf(result.failure.received);
  }
  return result;
}

/** Options of {@linkcode runInNamespace}. */
export interface RunInNamespaceOptions {
  seed: number;
  /** The command that reruns the scenario, for the result. */
  rerun: string;
  /** Where the run inside writes the record of a failure. */
  artifactDir?: string;
  /** Stops the run inside (it is sent SIGTERM). */
  signal?: AbortSignal;
  /** Overrides the scenario's timeout, in ms (--timeout). */
  timeoutMs?: number;
  /**
   * Command-line words that shape the run (`--target` and friends): the run inside repeats them,
   * so that it tests what the run outside tests. @default {[]}
   */
  runArgs?: string[];
}

/**
 * Why the run inside a namespace cannot test what the command line asks for, if it cannot: a
 * server at an IP address outside (--target-address) is not reachable from a namespace of its
 * own, whose loopback is another one. (Unix paths are: the file system is shared.)
 */
export function namespaceTargetSkipReason(runArgs: readonly string[]): string | undefined {
  for (let at = 0; at < runArgs.length; at += 2) {
    if (runArgs[at] !== "--target-address") continue;
    const given = runArgs[at + 1] ?? "";
    // `--target-address PEER=ADDRESS` names the peer it replaces.
    const address = /^[A-Za-z][\w-]*=(.+)$/s.exec(given)?.[1] ?? given;
    if (/^(\/|\.\/|unix:)/.test(address)) continue;
    return `kernel faults run in a network namespace of their own, where --target-address ${given} (outside it) cannot be reached: use --target COMMAND to start the server inside`;
  }
  return undefined;
}

/** `args` (flag and value pairs) without their `--var` pairs. */
function withoutVars(args: readonly string[]): string[] {
  const kept: string[] = [];
  for (let at = 0; at < args.length; at += 2) {
    if (args[at] !== "--var") kept.push(args[at], args[at + 1]);
  }
  return kept;
}

/** The words of the sockspec command line that the run inside the namespace gets. */
export function namespaceRunArgs(
  scenario: Scenario,
  transport: Transport,
  options: RunInNamespaceOptions,
): string[] {
  return [
    scenario.file,
    "--name",
    scenario.name,
    "--transport",
    transport,
    "--seed",
    String(options.seed),
    "--reporter",
    "json",
    ...(options.artifactDir ? ["--artifacts", options.artifactDir] : []),
    ...(options.timeoutMs !== undefined ? ["--timeout", `${options.timeoutMs}ms`] : []),
    // --var words come from scenario.vars below, which also holds SOCKSPEC_VAR_* values.
    ...withoutVars(options.runArgs ?? []),
    // The values the variables were given outside (--var, SOCKSPEC_VAR_*), not the defaults.
    ...Object.entries(scenario.vars ?? {}).flatMap(([k, v]) => ["--var", `${k}=${v}`]),
  ];
}

/**
 * Runs `scenario` on `transport` in a new network namespace with its kernel faults, and returns
 * the result of the run inside, with the kernel's drop and duplicate counters as notes. The run
 * inside gets every option that shapes a run (see {@linkcode namespaceRunArgs}). The namespace is
 * removed afterwards, on failure too.
 */
export async function runInNamespace(
  scenario: Scenario,
  transport: Transport,
  options: RunInNamespaceOptions,
): Promise<ScenarioResult> {
  const network = scenario.network!;
  await using namespace = await createNamespace({ ...network, seed: options.seed });
  const [program, ...prefix] = namespace.execPrefix;
  const args = [
    ...prefix,
    Deno.execPath(),
    "run",
    "--config",
    CONFIG,
    // Writes only its run folders and failure records: its report comes on standard output.
    ...SCENARIO_PERMISSIONS.map((flag) =>
      flag.startsWith("--allow-write")
        ? `--allow-write=${
          [...runDirBases(), ...(options.artifactDir ? [resolve(options.artifactDir)] : [])]
            .join(",")
        }`
        : flag
    ),
    CLI,
    ...namespaceRunArgs(scenario, transport, options),
  ];
  // The child watches its standard input: when this process dies, even by SIGKILL, the pipe
  // closes and the child stops its run, removes its namespace and exits.
  const child = new Deno.Command(program, {
    args,
    env: { [NETNS_ENV]: namespace.name, [PARENT_ENV]: String(Deno.pid), NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const parentPipe = child.stdin.getWriter();
  const output = child.output();
  output.finally(() => parentPipe.close().catch(() => {}));
  // On a signal the child stops its run and still writes its report, marked interrupted.
  const forward = () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // Already gone.
    }
  };
  options.signal?.addEventListener("abort", forward, { once: true });
  let result: ScenarioResult;
  try {
    const { stdout, stderr } = await deadline(
      output,
      (options.timeoutMs ?? scenario.timeoutMs) + CHILD_GRACE_MS,
      "the run in the namespace",
    );
    try {
      result = resultFrom(new TextDecoder().decode(stdout));
    } catch {
      throw new Error(
        `the run in namespace ${namespace.name} wrote no report: ${
          new TextDecoder().decode(stderr).slice(-2000)
        }`,
      );
    }
  } catch (error) {
    try {
      child.kill("SIGKILL");
    } catch {
      // Already gone.
    }
    await output.catch(() => {});
    throw error;
  } finally {
    options.signal?.removeEventListener("abort", forward);
  }
  const counters = await namespace.counters();
  result.notes.push(
    `kernel (namespace ${namespace.name}${
      namespace.netem ? `, ${namespace.netem}` : ""
    }): dropped ${counters.droppedPackets} packets, duplicated ${counters.duplicatedPackets}`,
  );
  actedOrFail(result, [
    ["loss", network.lossPercent, counters.droppedPackets, "dropped"],
    ["duplicate", network.duplicatePercent, counters.duplicatedPackets, "duplicated"],
  ]);
  result.rerun = options.rerun;
  if (result.status === "interrupted" && options.signal?.aborted) {
    // The child names the SIGTERM it got from here; the run was stopped by what came here.
    result.failure = { message: `interrupted by ${String(options.signal.reason)}` };
  }
  return result;
}

/**
 * A kernel fault that touched no packet proves nothing: the run's checks would pass without it.
 * Each fault asked for must have acted on at least one packet (a `network` verdict), or the
 * run fails.
 */
function actedOrFail(
  result: ScenarioResult,
  faults: [name: string, percent: number | undefined, packets: number, verb: string][],
): void {
  for (const [name, percent, packets, verb] of faults) {
    if (!percent) continue;
    const ok = packets > 0;
    result.checks.push({
      name: `network.${name}`,
      ok,
      detail: `the kernel ${verb} ${packets} packets at ${percent}%` +
        (ok ? "" : ": the fault did not act, so the checks proved nothing"),
    });
    if (!ok && result.status === "passed") {
      result.status = "failed";
      result.failure = { message: `check network.${name} failed` };
    }
  }
}
