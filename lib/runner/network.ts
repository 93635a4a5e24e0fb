/**
 * Kernel faults: a scenario with `network:` runs in a fresh network namespace where nftables
 * drops or duplicates packets (and tc netem delays them, where the kernel has it). The run
 * re-executes sockspec inside the namespace for that one scenario and reads its JSON report.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import type { Scenario, Transport } from "../scenario/model.ts";
import type { ScenarioResult } from "../report/result.ts";
import { createNamespace, kernelFaultSupport } from "../fault/mod.ts";
import { deadline } from "./deadline.ts";
import { SCENARIO_PERMISSIONS } from "../cli/permissions.ts";

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
  const at = runArgs.indexOf("--target-address");
  if (at < 0) return undefined;
  const address = runArgs[at + 1] ?? "";
  if (/^(\/|\.\/|unix:)/.test(address)) return undefined;
  return `kernel faults run in a network namespace of their own, where --target-address ${address} (outside it) cannot be reached: use --target COMMAND to start the server inside`;
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
    ...(options.runArgs ?? []),
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
    ...SCENARIO_PERMISSIONS,
    CLI,
    ...namespaceRunArgs(scenario, transport, options),
  ];
  const child = new Deno.Command(program, {
    args,
    env: { [NETNS_ENV]: namespace.name, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output = child.output();
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
  }
  const counters = await namespace.counters();
  result.notes.push(
    `kernel (namespace ${namespace.name}${
      namespace.netem ? `, ${namespace.netem}` : ""
    }): dropped ${counters.droppedPackets} packets, duplicated ${counters.duplicatedPackets}`,
  );
  result.rerun = options.rerun;
  return result;
}
