/**
 * Datagram faults (udp, unixgram): the registry. A new kind is one file in this folder plus one
 * line here.
 *
 * @module
 */
import { delayFault } from "./delay.ts";
import { dropFault } from "./drop.ts";
import { duplicateFault } from "./duplicate.ts";
import { reorderFault } from "./reorder.ts";
import { truncateFault } from "./truncate.ts";

export type { DatagramFaultKind } from "./_types.ts";

/** Every datagram fault kind, by its YAML key. */
export const DATAGRAM_FAULTS = {
  drop: dropFault,
  duplicate: duplicateFault,
  reorder: reorderFault,
  delay: delayFault,
  truncate: truncateFault,
};
