/**
 * Whether kernel fault injection can run here: Linux, root, `ip` and `nft`, nftables inside a
 * network namespace, nft `dup`, and `tc ... netem`.
 *
 * @module
 */
import { faultRuleset } from "./_rules.ts";
import { type CommandResult, run } from "./_command.ts";
import { uniqueNamespaceName } from "./_names.ts";

/** What the kernel fault probe found. */
export interface KernelFaultSupport {
  /** Namespaces with nftables loss can be made. */
  ok: boolean;
  /** Why not, when `ok` is false. */
  reason?: string;
  /** `tc qdisc ... netem` works in a namespace (delay, jitter, reorder). */
  netem: boolean;
  /** Why netem is unavailable, when it is. */
  netemReason?: string;
  /** nftables `dup` works (duplication). */
  duplicate: boolean;
  /** Why duplication is unavailable, when it is. */
  duplicateReason?: string;
}

function unsupported(reason: string): KernelFaultSupport {
  return { ok: false, reason, netem: false, duplicate: false };
}

async function toolMissing(command: string, args: string[]): Promise<string | undefined> {
  try {
    const result = await run(command, args);
    return result.code === 0 ? undefined : `\`${command}\` failed: ${result.stderr}`;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return `\`${command}\` is not installed (Debian: apt-get install iproute2 nftables)`;
    }
    if (error instanceof Deno.errors.NotCapable) return `running ${command} needs --allow-run`;
    throw error;
  }
}

function whoIsRunning(): string | undefined {
  if (Deno.build.os !== "linux") {
    return `network namespaces are Linux only, this is ${Deno.build.os}`;
  }
  try {
    const uid = Deno.uid();
    return uid === 0 ? undefined : `needs root for ip netns and nft, running as uid ${uid}`;
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) return "reading the uid needs --allow-sys";
    throw error;
  }
}

async function probeIn(name: string): Promise<KernelFaultSupport> {
  const inNs = (command: string, args: string[], stdin?: string) =>
    run("ip", ["netns", "exec", name, command, ...args], stdin);
  const lo = await run("ip", ["-n", name, "link", "set", "lo", "up"]);
  if (lo.code !== 0) return unsupported(`cannot bring lo up in a namespace: ${lo.stderr}`);
  const loss = await inNs("nft", ["-f", "-"], faultRuleset(1, 0));
  if (loss.code !== 0) {
    return unsupported(
      `nftables does not work in a namespace (nf_tables missing?): ${loss.stderr}`,
    );
  }
  const dup = await inNs("nft", ["-f", "-"], faultRuleset(0, 1));
  let netem: CommandResult | undefined;
  try {
    netem = await inNs("tc", ["qdisc", "add", "dev", "lo", "root", "netem", "delay", "1ms"]);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const support: KernelFaultSupport = {
    ok: true,
    netem: netem?.code === 0,
    duplicate: dup.code === 0,
  };
  if (!support.duplicate) support.duplicateReason = `nft dup was refused: ${dup.stderr}`;
  if (!netem) support.netemReason = "`tc` is not installed (Debian: apt-get install iproute2)";
  else if (netem.code !== 0) {
    support.netemReason = `tc netem was refused: ${netem.stderr}` +
      (/unknown/i.test(netem.stderr) ? " (the kernel has no sch_netem module)" : "");
  }
  return support;
}

async function probe(): Promise<KernelFaultSupport> {
  const why = whoIsRunning() ?? await toolMissing("ip", ["-V"]) ??
    await toolMissing("nft", ["--version"]);
  if (why) return unsupported(why);
  const name = uniqueNamespaceName();
  const added = await run("ip", ["netns", "add", name]);
  if (added.code !== 0) return unsupported(`ip netns add failed: ${added.stderr}`);
  try {
    return await probeIn(name);
  } finally {
    await run("ip", ["netns", "delete", name]);
  }
}

let cached: Promise<KernelFaultSupport> | undefined;

/**
 * Probes, once per process, whether kernel faults can run: it makes a throw-away namespace,
 * installs an nftables loss rule and a `dup` rule in it, tries `tc qdisc add ... netem`, and
 * deletes the namespace.
 *
 * Needs `--allow-run` (ip, nft, tc) and `--allow-sys` (uid). Never throws for a missing
 * capability: `ok` is false and `reason` says what is missing.
 *
 * @example
 * ```ts ignore
 * const support = await kernelFaultSupport();
 * if (!support.ok) console.log(`skipped: ${support.reason}`);
 * ```
 */
export function kernelFaultSupport(): Promise<KernelFaultSupport> {
  return cached ??= probe();
}
