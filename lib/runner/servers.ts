/**
 * Starts a scenario's servers (built-in, scripted, command or address) and, when the scenario
 * has faults, the relay in front of them.
 *
 * @module
 */
import type { Peer } from "../model/scenario.ts";
import type { RunContext } from "./context.ts";
import { StepFailure } from "./errors.ts";
import { listenEndpoint, publishEndpoint } from "./peers/listen_endpoint.ts";
import { startBuiltinServer, type StartedServer } from "./peers/builtin_server.ts";
import { startScriptServer } from "./peers/script.ts";
import {
  allocateEndpoint,
  DEFAULT_DATAGRAM_READY_DELAY_MS,
  type RunningCommand,
  startCommand,
  waitReady,
} from "./peers/command.ts";
import { type Endpoint, formatEndpoint, parseEndpoint } from "../transport/address.ts";
import { isStream } from "../common/transport.ts";
import { isBound } from "./peers/_bound.ts";
import { startFaults } from "./faults.ts";

/** What a run has started, to wait for and to stop. */
export interface Running {
  servers: StartedServer[];
  /** Scripted servers' steps: the run waits for them as for clients. */
  serverTasks: Promise<void>[];
  commands: RunningCommand[];
  clientsDone: boolean;
  /** What a timeout of the run may be due to, such as a command not bound when deemed ready. */
  hints?: string[];
}

/**
 * A command made ready by a delay may not have bound its address yet: then whatever clients send
 * first is lost, and they time out. Remember that, to say so if they do.
 */
async function checkBoundAfterDelay(
  peer: Peer,
  ctx: RunContext,
  running: Running,
  endpoint: Endpoint,
): Promise<void> {
  const ready = peer.doc.ready;
  const delayMs = ready === undefined
    ? (isStream(ctx.transport) ? undefined : DEFAULT_DATAGRAM_READY_DELAY_MS)
    : "delay" in ready
    ? ready.delay
    : undefined;
  if (delayMs === undefined || await isBound(endpoint, ctx.transport) !== false) return;
  (running.hints ??= []).push(
    `${peer.name} (a command) had not bound ${
      formatEndpoint(endpoint)
    } when its readiness delay of ${delayMs} ms ended: give it ready: { stdout: REGEX } (a line it prints once bound) or a longer ready: { delay: ... }`,
  );
}

async function startServer(peer: Peer, ctx: RunContext, running: Running): Promise<void> {
  if (peer.kind === "address") {
    publishEndpoint(ctx, peer.name, parseEndpoint(ctx.vars.expand(peer.doc.address!)));
    return;
  }
  if (peer.kind === "command") {
    const host = ctx.vars.expand(peer.doc.listen?.host ?? ctx.scenario.host);
    const endpoint = allocateEndpoint(ctx, host, peer.name);
    const command = startCommand(peer, ctx, endpoint);
    running.commands.push(command);
    await waitReady(peer, command, ctx, endpoint);
    await checkBoundAfterDelay(peer, ctx, running, endpoint);
    publishEndpoint(ctx, peer.name, endpoint);
    // A server that exits while clients still need it (a crash) fails the run at once.
    command.exited.then((code) => {
      if (!running.clientsDone) {
        ctx.fail(
          new StepFailure(`${peer.name} exited with code ${code} while clients were running`),
        );
      }
    });
    return;
  }
  const endpoint = listenEndpoint(peer, ctx);
  if (peer.kind === "builtin") {
    const server = startBuiltinServer(peer, ctx, endpoint);
    running.servers.push(server);
    publishEndpoint(ctx, peer.name, server.endpoint);
    return;
  }
  const server = startScriptServer(peer, ctx, endpoint);
  publishEndpoint(ctx, peer.name, server.endpoint);
  running.serverTasks.push(server.start());
}

/** Starts every server peer in order, then the fault relay if the scenario has faults. */
export async function startServers(ctx: RunContext, running: Running): Promise<void> {
  for (const peer of ctx.scenario.peers.filter((p) => p.role === "server")) {
    await startServer(peer, ctx, running);
  }
  await startFaults(ctx);
}
