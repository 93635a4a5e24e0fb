/**
 * What a stream fault kind is: a parameter schema and a stage factory. A stage sits in one
 * direction of one connection, receives the writes that reach it and forwards them, changed, to
 * the next stage.
 *
 * @internal
 * @module
 */
import type { z } from "../../_deps/zod.ts";
import type { Prng } from "../_prng.ts";
import type { FlowDirection } from "../event.ts";

/** Where a stage forwards data. */
export interface StreamSink {
  /** Forwards one write; resolves when the next stage accepted it. */
  write(chunk: Uint8Array): Promise<void>;
  /** Forwards the end of the stream (the sender's FIN); resolves when it reached the socket. */
  end(): Promise<void>;
}

/** Where a write that reaches a fault sits in the data that reached it. */
export interface WriteInfo {
  /** Index of the write at this fault, from 0. */
  seq: number;
  /** Byte offset of its first byte at this fault. */
  offset: number;
}

/** One fault acting on one direction of one connection. Calls never overlap. */
export interface StreamStage {
  /** Called once, when the fault starts acting (at once, or at `from_bytes` / `from_ms`). */
  start?(): Promise<void>;
  write(chunk: Uint8Array, info: WriteInfo): Promise<void>;
  end(): Promise<void>;
}

/** Where a decision applies, for its event. */
export interface EventFields {
  seq?: number;
  offset?: number;
  bytes?: number;
}

/** What a stage may use. */
export interface StreamFaultContext {
  readonly direction: FlowDirection;
  /** Connection number, from 0. */
  readonly conn: number;
  /** This fault's generator for this direction and connection. */
  readonly random: Prng;
  /** Aborts when the connection is torn down. */
  readonly signal: AbortSignal;
  /** Records a decision as a `fault` event. */
  emit(detail: string, fields?: EventFields): void;
  /** Waits, rejecting with `ConnectionAbortedSignal` if the connection ends first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Runs `fn` after the calls already queued on this stage (for timer-driven work). */
  schedule(fn: () => Promise<void>): void;
  /** Records `detail`, tears the connection down with a reset on both sides, then throws. */
  reset(detail: string, fields?: EventFields): Promise<never>;
  /** Records `detail`, closes both sides of the connection (FIN), then throws. */
  close(detail: string, fields?: EventFields): Promise<never>;
  /** Reports an error from background work; tears the connection down. */
  fail(error: unknown): void;
}

/** A stream fault kind: its YAML parameters and how it acts. */
export interface StreamFaultKind<S extends z.ZodObject = z.ZodObject> {
  /** One line for the JSON Schema description. */
  summary: string;
  /** Parameters under the kind's key, without the common options. */
  params: S;
  /** Builds the stage for one direction of one connection. */
  create(params: z.output<S>, ctx: StreamFaultContext, next: StreamSink): StreamStage;
}

/** Declares a stream fault kind with its parameter types inferred. */
export function defineStreamFault<S extends z.ZodObject>(
  kind: StreamFaultKind<S>,
): StreamFaultKind<S> {
  return kind;
}
