/**
 * Kernel faults: scenarios run in a network namespace whose loopback loses and duplicates
 * packets (nftables), and delays or reorders them where the kernel has `sch_netem`. Needs root,
 * `ip` (iproute2) and `nft` (nftables).
 *
 * @module
 */
export { type KernelFaultSupport, kernelFaultSupport } from "./support.ts";
export {
  createNamespace,
  type KernelNamespace,
  type NamespaceCounters,
  type NamespaceOptions,
  removeStaleNamespaces,
} from "./namespace.ts";
