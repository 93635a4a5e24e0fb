/** Errors of the fault relay and the kernel faults. @module */

/** A fault of one family (stream or datagram) was given to a relay of the other. */
export class FaultTransportMismatchError extends Error {
  override name = "FaultTransportMismatchError";
}

/** The upstream address does not fit the relay's transport. */
export class RelayAddressError extends Error {
  override name = "RelayAddressError";
}

/** Kernel fault injection cannot run here: no root, no `ip`/`nft`, or no `sch_netem`. */
export class KernelFaultUnsupportedError extends Error {
  override name = "KernelFaultUnsupportedError";
}

/** A command (`ip`, `nft`, `tc`) that sets up kernel faults failed. */
export class KernelCommandError extends Error {
  override name = "KernelCommandError";
}
