/**
 * Network namespaces with kernel faults: a fresh namespace whose loopback drops and duplicates
 * packets at random (nftables), and delays or reorders them where `sch_netem` exists. The
 * runner re-executes a scenario inside with `[...execPrefix, "deno", "run", ...]`.
 *
 * The kernel's random generators cannot be seeded: `seed` is kept for the report, but two runs
 * with the same seed lose different packets.
 *
 * @module
 */
import { KernelCommandError, KernelFaultUnsupportedError } from "../errors.ts";
import { run, runOk } from "./_command.ts";
import {
  NAMESPACE_PREFIX,
  trackNamespace,
  uniqueNamespaceName,
  untrackNamespace,
} from "./_names.ts";
import { countPackets, faultRuleset } from "./_rules.ts";
import { kernelFaultSupport } from "./support.ts";

/** Options of {@linkcode createNamespace}. */
export interface NamespaceOptions {
  /** Percent (0..100) of packets dropped on input, each at random. @default {0} */
  lossPercent?: number;
  /** Percent (0..100) of packets sent twice (nftables dup). @default {0} */
  duplicatePercent?: number;
  /** Delay of every packet in ms (netem; throws where netem is missing). @default {0} */
  delayMs?: number;
  /** Jitter of the delay in ms (netem). @default {0} */
  jitterMs?: number;
  /** Percent of packets sent at once, ahead of delayed ones (netem reorder, needs delayMs). @default {0} */
  reorderPercent?: number;
  /** Seed of the run, recorded only: the kernel's random drops cannot be seeded. */
  seed: number;
}

/** Packets the namespace's rules acted on so far. */
export interface NamespaceCounters {
  droppedPackets: number;
  duplicatedPackets: number;
}

/** A namespace with kernel faults. Remove it with `remove()` or `await using`. */
export interface KernelNamespace extends AsyncDisposable {
  /** `sockspec-<pid>-<n>-<hex>`. */
  readonly name: string;
  /** Prefix that runs a command inside: `["ip", "netns", "exec", name]`. */
  readonly execPrefix: string[];
  readonly seed: number;
  /** The nftables ruleset installed (empty when no loss or duplication). */
  readonly ruleset: string;
  /** The netem qdisc installed, if any: `netem delay 20ms 5ms`. */
  readonly netem?: string;
  /** Reads the nftables counters. */
  counters(): Promise<NamespaceCounters>;
  /** Deletes the namespace. Idempotent; never throws for one already gone. */
  remove(): Promise<void>;
}

function checkPercent(name: string, value: number | undefined): number {
  const percent = value ?? 0;
  if (!(percent >= 0 && percent <= 100)) {
    throw new RangeError(`expected ${name} from 0 to 100, found ${value}`);
  }
  return percent;
}

function netemArgs(options: NamespaceOptions): string[] {
  const delayMs = options.delayMs ?? 0;
  const jitterMs = options.jitterMs ?? 0;
  const reorder = checkPercent("reorderPercent", options.reorderPercent);
  if (delayMs === 0 && jitterMs === 0 && reorder === 0) return [];
  if (reorder > 0 && delayMs === 0) {
    throw new RangeError("expected delayMs > 0 with reorderPercent: netem reorders by delaying");
  }
  const args = ["netem", "delay", `${delayMs}ms`];
  if (jitterMs > 0) args.push(`${jitterMs}ms`);
  if (reorder > 0) args.push("reorder", `${reorder}%`);
  return args;
}

async function install(name: string, ruleset: string, netem: string[]): Promise<void> {
  await runOk("ip", ["-n", name, "link", "set", "lo", "up"]);
  if (ruleset) await runOk("ip", ["netns", "exec", name, "nft", "-f", "-"], ruleset);
  if (netem.length > 0) {
    await runOk("ip", ["netns", "exec", name, "tc", "qdisc", "add", "dev", "lo", "root", ...netem]);
  }
}

async function deleteNamespace(name: string): Promise<void> {
  const result = await run("ip", ["netns", "delete", name]);
  untrackNamespace(name);
  if (result.code !== 0 && !/No such file/i.test(result.stderr)) {
    throw new KernelCommandError(`expected ip netns delete ${name} to succeed: ${result.stderr}`);
  }
}

/**
 * Whether a process runs, by `kill -0` (sends no signal). Reading /proc would need --allow-all
 * in Deno; a shell needs only --allow-run, which kernel faults need anyway.
 */
async function processAlive(pid: number): Promise<boolean> {
  const result = await run("sh", ["-c", `kill -0 ${Math.trunc(pid)} 2>/dev/null`]);
  return result.code === 0;
}

/**
 * Deletes the `sockspec-<pid>-...` namespaces whose creating process no longer runs (left
 * behind by a process that was killed). Namespaces of running processes are left alone.
 *
 * @returns the names deleted.
 * @throws {KernelCommandError} when `ip netns list` or a delete fails.
 */
export async function removeStaleNamespaces(): Promise<string[]> {
  const listed = await runOk("ip", ["netns", "list"]);
  const removed: string[] = [];
  for (const line of listed.split("\n")) {
    const name = line.split(" ")[0];
    const match = new RegExp(`^${NAMESPACE_PREFIX}(\\d+)-`).exec(name);
    if (!match || await processAlive(Number(match[1]))) continue;
    await deleteNamespace(name);
    removed.push(name);
  }
  return removed;
}

/**
 * Creates a network namespace named `sockspec-...` with its loopback up and the faults
 * installed. It is deleted by `remove()`, by `await using`, and, as a last resort, when the
 * process exits normally; namespaces left by a killed process are deleted by the next
 * `createNamespace` (see {@linkcode removeStaleNamespaces}). Processes still running inside keep the namespace itself alive until
 * they exit; the name is gone at once.
 *
 * @example Run a command with 10% loss
 * ```ts ignore
 * await using ns = await createNamespace({ lossPercent: 10, seed: 1 });
 * await new Deno.Command(ns.execPrefix[0], { args: [...ns.execPrefix.slice(1), "ping", "-c1", "127.0.0.1"] }).output();
 * ```
 *
 * @throws {KernelFaultUnsupportedError} when kernelFaultSupport() says no, or a fault needs
 *   netem or nft dup and they are missing (the message says why).
 * @throws {RangeError} when a percentage is outside 0..100.
 * @throws {KernelCommandError} when `ip`, `nft` or `tc` fails.
 */
export async function createNamespace(options: NamespaceOptions): Promise<KernelNamespace> {
  const loss = checkPercent("lossPercent", options.lossPercent);
  const duplicate = checkPercent("duplicatePercent", options.duplicatePercent);
  const netem = netemArgs(options);
  const support = await kernelFaultSupport();
  if (!support.ok) throw new KernelFaultUnsupportedError(support.reason);
  if (netem.length > 0 && !support.netem) {
    throw new KernelFaultUnsupportedError(
      `delay, jitter and reorder need netem: ${support.netemReason}`,
    );
  }
  if (duplicate > 0 && !support.duplicate) {
    throw new KernelFaultUnsupportedError(`duplication needs nft dup: ${support.duplicateReason}`);
  }
  await removeStaleNamespaces();
  const name = uniqueNamespaceName();
  const ruleset = faultRuleset(loss, duplicate);
  await runOk("ip", ["netns", "add", name]);
  trackNamespace(name);
  try {
    await install(name, ruleset, netem);
  } catch (error) {
    await deleteNamespace(name);
    throw error;
  }
  let removed: Promise<void> | undefined;
  const remove = () => removed ??= deleteNamespace(name);
  return {
    name,
    execPrefix: ["ip", "netns", "exec", name],
    seed: options.seed,
    ruleset,
    netem: netem.length > 0 ? netem.join(" ") : undefined,
    async counters() {
      const listed = await runOk("ip", ["netns", "exec", name, "nft", "list", "ruleset"]);
      return {
        droppedPackets: countPackets(listed, "loss"),
        duplicatedPackets: countPackets(listed, "duplicate"),
      };
    },
    remove,
    [Symbol.asyncDispose]: remove,
  };
}
