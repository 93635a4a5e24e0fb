/**
 * Datagram faults (udp, unixgram): the registry. A new kind is one file in this folder plus one
 * line in each of `DATAGRAM_FAULTS` and `DatagramFaultParams` here.
 *
 * @module
 */
import { delayFault, type DelayParams } from "./delay.ts";
import { dropFault, type DropParams } from "./drop.ts";
import { duplicateFault, type DuplicateParams } from "./duplicate.ts";
import { reorderFault, type ReorderParams } from "./reorder.ts";
import { truncateFault, type TruncateParams } from "./truncate.ts";

export type { DatagramFaultKind } from "./_types.ts";
export type { DelayParams, DropParams, DuplicateParams, ReorderParams, TruncateParams };

/** The parameters of each datagram fault kind as validated, by its YAML key. */
export interface DatagramFaultParams {
  /** See {@linkcode DropParams}. */
  drop: DropParams;
  /** See {@linkcode DuplicateParams}. */
  duplicate: DuplicateParams;
  /** See {@linkcode ReorderParams}. */
  reorder: ReorderParams;
  /** See {@linkcode DelayParams}. */
  delay: DelayParams;
  /** See {@linkcode TruncateParams}. */
  truncate: TruncateParams;
}

/** Every datagram fault kind, by its YAML key. */
export const DATAGRAM_FAULTS = {
  drop: dropFault,
  duplicate: duplicateFault,
  reorder: reorderFault,
  delay: delayFault,
  truncate: truncateFault,
};
