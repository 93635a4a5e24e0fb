/**
 * What a datagram fault kind is: a parameter schema and a stage factory. A stage sits in one
 * direction of one client and sees every datagram, each marked as selected or not by the fault's
 * `probability` or `every`.
 *
 * @internal
 * @module
 */
import type { z } from "../../_deps/zod.ts";
import type { Prng } from "../_prng.ts";
import type { FlowDirection } from "../event.ts";

/** A datagram on its way through the relay. */
export interface DatagramItem {
  data: Uint8Array;
  /** Index of the datagram in its client's direction as it entered the relay, from 0. */
  index: number;
}

/** Where a stage forwards datagrams. */
export interface DatagramSink {
  send(item: DatagramItem): void;
}

/** One fault acting on one direction of one client. */
export interface DatagramStage {
  /** Handles one datagram; `selected` says whether the fault's pattern picked it. */
  receive(item: DatagramItem, selected: boolean): void;
}

/** What a stage may use. */
export interface DatagramFaultContext {
  readonly direction: FlowDirection;
  /** Client number, from 0. */
  readonly conn: number;
  /** This fault's generator for this direction and client. */
  readonly random: Prng;
  /** Records a decision as a `fault` event. */
  emit(detail: string, item: DatagramItem): void;
  /** Calls `fn` after `ms` unless the relay closes first; returns a function that cancels it. */
  setTimer(fn: () => void, ms: number): () => void;
}

/** A datagram fault kind: its YAML parameters and how it acts. */
export interface DatagramFaultKind<S extends z.ZodObject = z.ZodObject> {
  /** One line for the JSON Schema description. */
  summary: string;
  /** Parameters under the kind's key, without the common options. */
  params: S;
  /** Builds the stage for one direction of one client. */
  create(params: z.output<S>, ctx: DatagramFaultContext, next: DatagramSink): DatagramStage;
}

/** Declares a datagram fault kind with its parameter types inferred. */
export function defineDatagramFault<S extends z.ZodObject>(
  kind: DatagramFaultKind<S>,
): DatagramFaultKind<S> {
  return kind;
}
