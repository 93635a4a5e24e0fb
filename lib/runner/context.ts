/**
 * What the peers of one scenario run share: the record, variables, marks, the endpoints of the
 * servers, the temporary directory, and every resource to close at the end.
 *
 * @module
 */
import { Recorder } from "../record/recorder.ts";
import type { Scenario } from "../model/scenario.ts";
import type { Transport } from "../common/transport.ts";
import type { Endpoint } from "../transport/address.ts";
import { Barriers } from "./barriers.ts";
import { Variables } from "./variables.ts";
import { Aborted } from "./errors.ts";
import { RunPki } from "../transport/test_pki.ts";
import { Semaphore } from "./semaphore.ts";
import { ActiveSteps } from "./active_steps.ts";

/** Connects a run has in flight at once (see {@linkcode RunContext.connects}). */
export const CONNECTS_IN_FLIGHT = 128;

/** Something to close at the end of a run. */
export interface Closable {
  close(): void | Promise<void>;
}

/** Shared state of one scenario run on one transport. */
export class RunContext {
  readonly scenario: Scenario;
  readonly transport: Transport;
  readonly seed: number;
  readonly record = new Recorder();
  readonly vars = new Variables();
  readonly barriers = new Barriers();
  /** The step each peer instance is in: where a scenario that timed out was waiting. */
  readonly activeSteps = new ActiveSteps(this.record);
  /** Where clients reach each server (the relay's address when faults are on). */
  readonly endpoints = new Map<string, Endpoint>();
  /** Directory for Unix socket paths; removed at the end. */
  readonly tempDir: string;
  /**
   * Connects in flight at once, for the whole run: below the listen backlog (Deno: 511 for
   * TCP, 1024 for Unix), so that a crowd of clients does not overflow the server's accept queue
   * (dropped SYNs, resets, or EAGAIN on a Unix connect).
   */
  readonly connects = new Semaphore(CONNECTS_IN_FLIGHT);
  readonly #resources = new Set<Closable>();
  readonly #pending = new Set<Promise<unknown>>();
  readonly #abort = new AbortController();
  #pathCount = 0;
  #pki?: Promise<RunPki>;

  constructor(scenario: Scenario, transport: Transport, seed: number, tempDir: string) {
    this.transport = transport;
    this.seed = seed;
    this.tempDir = tempDir;
    for (const [name, value] of Object.entries(scenario.vars ?? {})) this.vars.set(name, value);
    this.vars.set("seed", seed);
    this.vars.set("tmp", tempDir);
    // Eight hex digits, fixed width: unique names (abstract Unix names) of a known length.
    this.vars.set(
      "run",
      crypto.getRandomValues(new Uint32Array(1))[0].toString(16).padStart(8, "0"),
    );
    // `host: "{HOST}"` takes its value from the scenario's variables.
    this.scenario = scenario.host.includes("{")
      ? { ...scenario, host: this.vars.expand(scenario.host) }
      : scenario;
  }

  /** Aborted once a peer fails or the scenario times out. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** Stops every peer: pending operations fail once their sockets close. */
  abort(reason: string): void {
    if (!this.#abort.signal.aborted) this.#abort.abort(new Aborted(reason));
  }

  /**
   * Records the run's failure, if it is the first, and stops every peer. Failures that follow
   * from the stop ({@linkcode Aborted}) are not failures of their own.
   */
  fail(error: unknown): void {
    if (this.firstFailure === undefined && !(error instanceof Aborted)) {
      this.firstFailure = error;
    }
    this.abort(error instanceof Error ? error.message : String(error));
  }

  /** The first failure of the run, if any. */
  firstFailure?: unknown;

  /** Throws {@linkcode Aborted} if the run was stopped. */
  throwIfAborted(): void {
    if (this.#abort.signal.aborted) throw this.#abort.signal.reason;
  }

  /** The run's certificate authorities for TLS, made on first use. */
  pki(): Promise<RunPki> {
    this.#pki ??= RunPki.create();
    return this.#pki;
  }

  /** A fresh Unix socket path in the run's temporary directory. */
  socketPath(label: string): string {
    return `${this.tempDir}/${label.replace(/[^\w-]/g, "_").slice(0, 24)}-${++this
      .#pathCount}.sock`;
  }

  /** Tracks a resource so that {@linkcode closeAll} closes it. */
  track<T extends Closable>(resource: T): T {
    this.#resources.add(resource);
    return resource;
  }

  /** Closes one tracked resource now. */
  async release(resource: Closable): Promise<void> {
    if (!this.#resources.delete(resource)) return;
    await closeQuietly(resource);
  }

  /** Keeps an operation that may outlive its step, so the run waits for it to settle. */
  pending<T>(promise: Promise<T>): Promise<T> {
    this.#pending.add(promise);
    promise.then(
      () => this.#pending.delete(promise),
      () => this.#pending.delete(promise),
    );
    return promise;
  }

  /**
   * Closes every resource, then waits for pending operations to settle; each of the two waits
   * at most `settleMs`, so a stuck close cannot hang the run.
   */
  async closeAll(settleMs = 3000): Promise<void> {
    const resources = [...this.#resources].reverse();
    this.#resources.clear();
    await within(Promise.all(resources.map(closeQuietly)), settleMs);
    await within(Promise.allSettled([...this.#pending]), settleMs);
  }
}

async function closeQuietly(resource: Closable): Promise<void> {
  try {
    await resource.close();
  } catch {
    // Already closed by its peer or by a failed operation: nothing left to release.
  }
}

async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([promise, new Promise((resolve) => timer = setTimeout(resolve, ms))]);
  clearTimeout(timer);
}
