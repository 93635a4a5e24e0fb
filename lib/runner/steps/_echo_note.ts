/** The note a failed receive on an echo connection gets. @internal @module */
import { describeEcho } from "../../pattern/echo_diagnosis.ts";
import { StepFailure, TimedOut } from "../errors.ts";
import type { StreamConn } from "../stream_conn.ts";

/**
 * Notes on `error`, when the step failed on a connection to an echo, how what came back so far
 * differs from what was sent (see {@linkcode describeEcho}).
 *
 * @returns `error`.
 */
export function withEchoNote(conn: StreamConn, error: unknown): unknown {
  const transcript = conn.transcript;
  if (!(error instanceof StepFailure) || transcript === undefined) return error;
  const said = describeEcho(transcript.sent, transcript.received, {
    ended: conn.eof,
    timedOut: error instanceof TimedOut,
    totals: { sent: conn.sentBytes, received: conn.receivedBytes },
  });
  if (said !== undefined) error.note = `the echo on ${conn.peer}/${conn.label} so far: ${said}`;
  return error;
}
