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
import { allocateEndpoint, type RunningCommand, startCommand, waitReady } from "./peers/command.ts";
import { parseEndpoint } from "../transport/address.ts";
import { startFaults } from "./faults.ts";

/** What a run has started, to wait for and to stop. */
export interface Running {
  servers: StartedServer[];
  /** Scripted servers' steps: the run waits for them as for clients. */
  serverTasks: Promise<void>[];
  commands: RunningCommand[];
  clientsDone: boolean;
}

async function startServer(peer: Peer, ctx: RunContext, running: Running): Promise<void> {
  if (peer.kind === "address") {
    publishEndpoint(ctx, peer.name, parseEndpoint(ctx.vars.expand(peer.doc.address!)));
    return;
  }
  if (peer.kind === "command") {
    const endpoint = allocateEndpoint(ctx, peer.doc.listen?.host ?? ctx.scenario.host, peer.name);
    const command = startCommand(peer, ctx, endpoint);
    running.commands.push(command);
    await waitReady(peer, command, ctx, endpoint);
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
