/**
 * Stream faults (tcp, unix): the registry. A new kind is one file in this folder plus one line
 * in each of `STREAM_FAULTS` and `StreamFaultParams` here.
 *
 * @module
 */
import { bandwidthFault, type BandwidthParams } from "./bandwidth.ts";
import { blackholeFault, type BlackholeParams } from "./blackhole.ts";
import { closeFault, type CloseParams } from "./close.ts";
import { coalesceFault, type CoalesceParams } from "./coalesce.ts";
import { latencyFault, type LatencyParams } from "./latency.ts";
import { resetFault, type ResetParams } from "./reset.ts";
import { slicerFault, type SlicerParams } from "./slicer.ts";
import { slowCloseFault, type SlowCloseParams } from "./slow_close.ts";

export type { StreamFaultKind } from "./_types.ts";
export type {
  BandwidthParams,
  BlackholeParams,
  CloseParams,
  CoalesceParams,
  LatencyParams,
  ResetParams,
  SlicerParams,
  SlowCloseParams,
};

/** The parameters of each stream fault kind as validated, by its YAML key. */
export interface StreamFaultParams {
  /** See {@linkcode LatencyParams}. */
  latency: LatencyParams;
  /** See {@linkcode BandwidthParams}. */
  bandwidth: BandwidthParams;
  /** See {@linkcode SlicerParams}. */
  slicer: SlicerParams;
  /** See {@linkcode CoalesceParams}. */
  coalesce: CoalesceParams;
  /** See {@linkcode ResetParams}. */
  reset: ResetParams;
  /** See {@linkcode BlackholeParams}. */
  blackhole: BlackholeParams;
  /** See {@linkcode CloseParams}. */
  close: CloseParams;
  /** See {@linkcode SlowCloseParams}. */
  slow_close: SlowCloseParams;
}

/** Every stream fault kind, by its YAML key. */
export const STREAM_FAULTS = {
  latency: latencyFault,
  bandwidth: bandwidthFault,
  slicer: slicerFault,
  coalesce: coalesceFault,
  reset: resetFault,
  blackhole: blackholeFault,
  close: closeFault,
  slow_close: slowCloseFault,
};
