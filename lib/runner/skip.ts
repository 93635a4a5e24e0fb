/** Why a scenario cannot run here, if it cannot. @module */
import type { Scenario } from "../model/scenario.ts";
import type { Transport } from "../common/transport.ts";

async function onPath(program: string): Promise<boolean> {
  if (program.includes("/")) return await exists(program);
  const dirs = (Deno.env.get("PATH") ?? "").split(":").filter(Boolean);
  for (const dir of dirs) if (await exists(`${dir}/${program}`)) return true;
  return false;
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

function hasIpv6Loopback(): boolean {
  try {
    Deno.listen({ hostname: "::1", port: 0 }).close();
    return true;
  } catch {
    return false;
  }
}

/**
 * The reason to skip `scenario` on `transport`: its own `skip`, a program of `requires` not on
 * PATH, or IPv6 loopback missing for a `::1` scenario. Undefined when it can run.
 */
export async function skipReason(
  scenario: Scenario,
  transport: Transport,
): Promise<string | undefined> {
  if (scenario.skip) return scenario.skip;
  for (const program of scenario.requires) {
    if (!await onPath(program)) return `${program} is not installed (not on PATH)`;
  }
  const ip = transport === "tcp" || transport === "udp";
  if (ip && scenario.host.includes(":") && !hasIpv6Loopback()) {
    return "IPv6 loopback (::1) is not available on this machine";
  }
  return undefined;
}
