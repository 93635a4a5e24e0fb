/**
 * Builds the chain of fault stages for one direction of one datagram client, and wraps each
 * stage with the selection all datagram faults share: `every: N` or `probability`.
 *
 * @internal
 * @module
 */
import { faultPrng } from "../_prng.ts";
import type { FlowDirection, RelayEvent } from "../event.ts";
import type { DatagramFault } from "../schema.ts";
import { DATAGRAM_FAULTS } from "./mod.ts";
import type { DatagramFaultContext, DatagramSink } from "./_types.ts";

/** What the relay offers to the faults of one direction of one client. */
export interface DatagramChainHooks {
  direction: FlowDirection;
  conn: number;
  seed: number;
  emit(event: Omit<RelayEvent, "timeMicros">): void;
  setTimer(fn: () => void, ms: number): () => void;
}

/** A fault with its position in the scenario's list. */
export interface IndexedDatagramFault {
  fault: DatagramFault;
  index: number;
}

/** Builds the chain: the first fault listed sees each datagram first. */
export function buildDatagramChain(
  faults: readonly IndexedDatagramFault[],
  sink: DatagramSink,
  hooks: DatagramChainHooks,
): DatagramSink {
  let next = sink;
  for (const { fault, index } of [...faults].reverse()) next = wrapFault(fault, index, next, hooks);
  return next;
}

function wrapFault(
  fault: DatagramFault,
  faultIndex: number,
  next: DatagramSink,
  hooks: DatagramChainHooks,
): DatagramSink {
  const { direction, conn } = hooks;
  const random = faultPrng(hooks.seed, faultIndex, direction, conn);
  const ctx: DatagramFaultContext = {
    direction,
    conn,
    random,
    emit: (detail, item) =>
      hooks.emit({
        kind: "fault",
        fault: fault.kind,
        faultIndex,
        direction,
        conn,
        seq: item.index,
        bytes: item.data.length,
        detail,
      }),
    setTimer: hooks.setTimer,
  };
  const stage = DATAGRAM_FAULTS[fault.kind].create(fault.params as never, ctx, next);
  let arrived = 0;
  return {
    send(item) {
      const n = arrived++;
      const selected = fault.every !== undefined
        ? (n + 1) % fault.every === 0
        : fault.probability >= 1 || random.next() < fault.probability;
      stage.receive(item, selected);
    },
  };
}
