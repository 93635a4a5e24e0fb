/**
 * Fault injection. Loopback never loses, duplicates or reorders on its own, so when a scenario
 * has a `faults:` section sockspec puts a seeded relay between client and server:
 *
 * - {@linkcode faultsSchema} validates the section and yields {@linkcode Faults};
 * - {@linkcode startRelay} runs the relay and reports every decision as a
 *   {@linkcode RelayEvent};
 * - `kernel/` runs scenarios in a network namespace with nftables loss and duplication instead
 *   (see {@linkcode kernelFaultSupport}, {@linkcode createNamespace}).
 *
 * Stream faults (tcp, unix): `latency`, `bandwidth`, `slicer`, `coalesce`, `reset`, `blackhole`,
 * `close`, `slow_close`. Datagram faults (udp, unixgram): `drop`, `duplicate`, `reorder`,
 * `delay`, `truncate`. See README.md beside this file for the YAML of each.
 *
 * @module
 */
export {
  type BandwidthParams,
  type BlackholeParams,
  type CloseParams,
  type CoalesceParams,
  type DatagramFault,
  type DatagramFaultKindName,
  type DatagramFaultParams,
  type DelayParams,
  type Direction,
  type DropParams,
  type DuplicateParams,
  type Fault,
  type FaultInput,
  type FaultKindName,
  type Faults,
  faultSchema,
  type FaultsInput,
  faultsSchema,
  isStreamFaultKind,
  type LatencyParams,
  type ReorderParams,
  type ResetParams,
  type SlicerParams,
  type SlowCloseParams,
  type StreamFault,
  type StreamFaultKindName,
  type StreamFaultParams,
  type TruncateParams,
} from "./schema.ts";
export {
  type Relay,
  type RelayListen,
  type RelayOptions,
  type RelayTransport,
  startRelay,
} from "./relay.ts";
export type {
  FlowDirection,
  RelayDirectionStats,
  RelayEvent,
  RelayEventKind,
  RelayStats,
} from "./event.ts";
export {
  FaultTransportMismatchError,
  KernelCommandError,
  KernelFaultUnsupportedError,
  RelayAddressError,
} from "./errors.ts";
export {
  createNamespace,
  type KernelFaultSupport,
  kernelFaultSupport,
  type KernelNamespace,
  type NamespaceCounters,
  type NamespaceOptions,
  removeStaleNamespaces,
} from "./kernel/mod.ts";
