/**
 * Compiles a client script made of requests into the plain data a load worker runs: where to
 * connect, and for each request the bytes to send and the exact bytes of the response. Only
 * such scripts can keep their connections open across rounds and pipeline; any other script
 * runs round by round through the step runners.
 *
 * @module
 */
import type { Step } from "../model/scenario.ts";
import type { Endpoint } from "../transport/address.ts";
import { hasLiteral, literalBytes, type LiteralSource } from "./payload.ts";
import { resolveTarget, type TargetArgs } from "./endpoint.ts";
import type { PeerState } from "./peer_state.ts";

/** One request: bytes to send, and the response expected byte for byte. */
export interface CompiledRequest {
  send: Uint8Array;
  response: Uint8Array;
  /** Where the request is written, for error messages (`file:line`). */
  at: string;
}

/** A client script as a load worker runs it (structured-clonable). */
export interface RequestPlan {
  endpoint: Endpoint;
  noDelay: boolean;
  /** The requests of one round, in order. */
  requests: CompiledRequest[];
}

/** Why a script cannot run as compiled requests, naming the step. */
export class NotCompilable extends Error {
  override name = "NotCompilable";
}

const LITERAL_KEYS = new Set(["text", "hex", "base64", "file"]);

function where(step: Step): string {
  return `${step.location.file}:${step.location.line}`;
}

function literalArgs(step: Step): LiteralSource | undefined {
  const raw = step.args as string | Record<string, unknown>;
  if (typeof raw === "string") return { text: raw };
  const keys = Object.keys(raw).filter((k) => raw[k] !== undefined && k !== "pattern");
  if (!keys.every((k) => LITERAL_KEYS.has(k)) || !hasLiteral(raw as LiteralSource)) {
    return undefined;
  }
  return raw as LiteralSource;
}

async function compileRequest(step: Step, peer: PeerState): Promise<CompiledRequest> {
  const sends: Uint8Array[] = [];
  const responses: Uint8Array[] = [];
  for (const child of step.children) {
    const literal = (child.kind === "send" || child.kind === "receive") && literalArgs(child);
    if (!literal || child.socket !== step.socket || child.expectError.length > 0) {
      throw new NotCompilable(
        `${
          where(child)
        }: a request that runs pipelined holds only send and receive steps of literal text, hex, base64 or file on one connection; found ${child.kind}`,
      );
    }
    if (child.kind === "send" && responses.length > 0) {
      throw new NotCompilable(
        `${where(child)}: a request sends first and then receives; split it into two requests`,
      );
    }
    const bytes = await literalBytes(literal, {
      scenarioFile: peer.ctx.scenario.file,
      expand: (text) => peer.expand(text),
    });
    (child.kind === "send" ? sends : responses).push(bytes);
  }
  if (sends.length === 0 || responses.length === 0) {
    throw new NotCompilable(`${where(step)}: a request needs a send and a receive`);
  }
  return { send: concat(sends), response: concat(responses), at: where(step) };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Compiles `steps` (one `connect`, then `request` steps, optionally a final `close`) against the
 * running servers of `peer`'s context.
 *
 * @throws {NotCompilable} Naming the first step that does not fit that shape.
 * @throws {import("./errors.ts").StepFailure} When a payload or target cannot be resolved.
 */
export async function compileRequests(steps: Step[], peer: PeerState): Promise<RequestPlan> {
  const [connect, ...rest] = steps;
  if (connect?.kind !== "connect") {
    throw new NotCompilable(
      `${
        connect ? where(connect) : peer.ctx.scenario.file
      }: a pipelined client starts with connect`,
    );
  }
  const body = rest.at(-1)?.kind === "close" ? rest.slice(0, -1) : rest;
  const requests: CompiledRequest[] = [];
  for (const step of body) {
    if (step.kind !== "request" || step.socket !== connect.socket) {
      throw new NotCompilable(
        `${
          where(step)
        }: a pipelined client holds only request steps after its connect; found ${step.kind}`,
      );
    }
    requests.push(await compileRequest(step, peer));
  }
  if (requests.length === 0) {
    throw new NotCompilable(`${where(connect)}: the client has no request steps`);
  }
  const args = connect.args as (TargetArgs & { no_delay?: boolean }) | null;
  return {
    endpoint: resolveTarget(args, peer),
    noDelay: args?.no_delay ?? false,
    requests,
  };
}
