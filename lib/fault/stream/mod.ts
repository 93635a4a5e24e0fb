/**
 * Stream faults (tcp, unix): the registry. A new kind is one file in this folder plus one line
 * here.
 *
 * @module
 */
import { bandwidthFault } from "./bandwidth.ts";
import { blackholeFault } from "./blackhole.ts";
import { closeFault } from "./close.ts";
import { coalesceFault } from "./coalesce.ts";
import { latencyFault } from "./latency.ts";
import { resetFault } from "./reset.ts";
import { slicerFault } from "./slicer.ts";
import { slowCloseFault } from "./slow_close.ts";

export type { StreamFaultKind } from "./_types.ts";

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
