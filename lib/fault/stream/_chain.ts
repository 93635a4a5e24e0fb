/**
 * Builds the chain of fault stages for one direction of one stream connection, and wraps each
 * stage with what all faults share: the per-connection `probability`, the `from_bytes` /
 * `from_ms` start point, write numbering and call ordering.
 *
 * @internal
 * @module
 */
import { abortableSleep, ConnectionAbortedSignal, Serial } from "../_abort.ts";
import { faultPrng } from "../_prng.ts";
import type { FlowDirection, RelayEvent } from "../event.ts";
import type { StreamFault } from "../schema.ts";
import { STREAM_FAULTS } from "./mod.ts";
import type { EventFields, StreamFaultContext, StreamSink, StreamStage } from "./_types.ts";

/** What the connection offers to the faults of one direction. */
export interface ChainHooks {
  direction: FlowDirection;
  conn: number;
  seed: number;
  /** Aborts when the connection is torn down. */
  signal: AbortSignal;
  /** `performance.now()` when the connection was accepted. */
  acceptedAtMs: number;
  emit(event: Omit<RelayEvent, "timeMicros">): void;
  reset(): void;
  close(): void;
  fail(error: unknown): void;
}

/** A fault with its position in the scenario's list. */
export interface IndexedStreamFault {
  fault: StreamFault;
  index: number;
}

/** Builds the chain: the first fault listed sees the data first; `sink` writes to the socket. */
export function buildStreamChain(
  faults: readonly IndexedStreamFault[],
  sink: StreamSink,
  hooks: ChainHooks,
): StreamSink {
  let next = sink;
  for (const { fault, index } of [...faults].reverse()) next = wrapFault(fault, index, next, hooks);
  return next;
}

function makeContext(
  fault: StreamFault,
  faultIndex: number,
  serial: Serial,
  hooks: ChainHooks,
): StreamFaultContext {
  const { direction, conn, signal } = hooks;
  const emit = (detail: string, fields?: EventFields) =>
    hooks.emit({
      kind: "fault",
      fault: fault.kind,
      faultIndex,
      direction,
      conn,
      detail,
      ...fields,
    });
  const failUnlessAborted = (error: unknown) => {
    if (!(error instanceof ConnectionAbortedSignal)) hooks.fail(error);
  };
  return {
    direction,
    conn,
    signal,
    random: faultPrng(hooks.seed, faultIndex, direction, conn),
    emit,
    sleep: (ms, own) => abortableSleep(ms, own ?? signal),
    schedule: (fn) => void serial.run(fn).catch(failUnlessAborted),
    reset(detail, fields) {
      emit(detail, fields);
      hooks.reset();
      return Promise.reject(new ConnectionAbortedSignal(detail));
    },
    close(detail, fields) {
      emit(detail, fields);
      hooks.close();
      return Promise.reject(new ConnectionAbortedSignal(detail));
    },
    fail: failUnlessAborted,
  };
}

/** Decides once per connection whether a fault with probability < 1 applies. */
function appliesToConnection(ctx: StreamFaultContext, probability: number): boolean {
  if (probability >= 1) return true;
  const draw = ctx.random.next();
  const applies = draw < probability;
  ctx.emit(
    `${applies ? "applies" : "does not apply"} to connection ${ctx.conn} (drew ${draw.toFixed(3)} ${
      applies ? "<" : ">="
    } probability ${probability})`,
  );
  return applies;
}

function wrapFault(
  fault: StreamFault,
  faultIndex: number,
  next: StreamSink,
  hooks: ChainHooks,
): StreamSink {
  const serial = new Serial();
  const ctx = makeContext(fault, faultIndex, serial, hooks);
  if (!appliesToConnection(ctx, fault.probability)) return next;
  const stage: StreamStage = STREAM_FAULTS[fault.kind].create(fault.params as never, ctx, next);
  let started = false;
  let seq = 0;
  let offset = 0;

  const timeReached = () => performance.now() - hooks.acceptedAtMs >= fault.from_ms;
  const bytesReached = () => offset >= fault.from_bytes;
  async function startIfDue(): Promise<void> {
    if (started || !timeReached() || !bytesReached()) return;
    started = true;
    if (fault.from_bytes > 0 || fault.from_ms > 0) {
      ctx.emit(`starts acting at byte ${offset}`, { offset });
    }
    await stage.start?.();
  }

  async function write(chunk: Uint8Array): Promise<void> {
    if (!started && timeReached()) {
      // Pass the bytes before from_bytes untouched, then start with the rest of the write.
      const room = fault.from_bytes - offset;
      if (room > 0 && room < chunk.length) {
        await next.write(chunk.subarray(0, room));
        offset += room;
        chunk = chunk.subarray(room);
      }
    }
    if (!started) {
      const passThrough = !timeReached() || offset + chunk.length <= fault.from_bytes;
      if (passThrough) {
        seq++;
        offset += chunk.length;
        await next.write(chunk);
        return startIfDue();
      }
      await startIfDue();
    }
    const info = { seq: seq++, offset };
    offset += chunk.length;
    await stage.write(chunk, info);
  }

  if (fault.from_ms > 0) {
    ctx.sleep(fault.from_ms).then(
      () => ctx.schedule(startIfDue),
      (error) => ctx.fail(error),
    );
  } else {
    ctx.schedule(startIfDue);
  }

  return {
    write: (chunk) => serial.run(() => write(chunk)),
    end: () =>
      serial.run(async () => {
        await startIfDue();
        await (started ? stage.end() : next.end());
      }),
  };
}
