/** `tcp_state`: the kernel's TCP state of a connection or listener, as a checked fact. @module */
import { z } from "../../_deps/zod.ts";
import { defineStep, remainingMs } from "./_define.ts";
import { TCP_STATES, type TcpSocket, tcpSockets } from "../../transport/tcp_state.ts";
import { formatAddr } from "../../transport/address.ts";
import type { PeerState } from "../peer_state.ts";
import { StepFailure } from "../errors.ts";
import { sleepUnlessAborted } from "./_sleep.ts";

/** How often the kernel is asked again while the state is not yet the expected one, in ms. */
const POLL_MS = 20;

const schema = z.strictObject({
  expect: z.union([z.enum(TCP_STATES), z.array(z.enum(TCP_STATES)).min(1)]).meta({
    description: "State(s) the socket must reach; CLOSED: the kernel holds no such socket",
  }),
  queue: z.int().min(0).optional().meta({
    description: "On a listener: connections waiting in its accept queue",
  }),
  local: z.string().optional().meta({ description: "Local address (default: the conn's)" }),
  remote: z.string().optional().meta({ description: "Remote address (default: the conn's)" }),
});

type Args = z.output<typeof schema>;

/** What to look for: a listener's address, or a connection's two addresses. */
interface Target {
  words: string;
  find(sockets: TcpSocket[]): TcpSocket | undefined;
}

function targetOf(args: Args, peer: PeerState, label: string): Target {
  const listener = peer.listeners.get(label);
  if (listener && args.local === undefined && args.remote === undefined) {
    const at = formatAddr(listener.addr);
    return {
      words: `listener ${label} at ${at}`,
      find: (sockets) => sockets.find((s) => s.local === at && s.state === "LISTEN"),
    };
  }
  // Captured at connect/accept, so a closed connection can still be looked up.
  const local = peer.expand(args.local ?? `{${label}.local_address}`);
  const remote = peer.expand(args.remote ?? `{${label}.remote_address}`);
  return {
    words: `${local} -> ${remote}`,
    find: (sockets) => sockets.find((s) => s.local === local && s.peer === remote),
  };
}

/**
 * Waits until the kernel reports the expected state (and, on a listener, accept queue length)
 * for the socket labelled `conn`, polling `ss -tanH` every 20 ms within the step's timeout, and
 * records each state seen as a `tcp_state` event. A closed connection is found by the addresses
 * captured when it opened; `local`/`remote` name another peer's, such as
 * `{client.main.local_address}`.
 */
export const tcpStateStep = defineStep({
  schema,
  family: "stream",
  doc: [[
    "`tcp_state: {expect: TIME_WAIT, queue, local, remote}`",
    "wait until the kernel (`ss -tan`) shows the connection or listener `conn` in that state (CLOSED: gone); `queue`: a listener's accept queue",
  ]],
  async run(args, { step, peer, deadlineAt }) {
    const expected: string[] = [args.expect].flat();
    const target = targetOf(args, peer, step.socket);
    let last = "";
    for (;;) {
      const socket = target.find(await tcpSockets());
      const state = socket?.state ?? "CLOSED";
      const seen = args.queue === undefined || socket === undefined
        ? state
        : `${state}, accept queue ${socket.recvQ}`;
      if (seen !== last) {
        peer.ctx.record.add({
          peer: peer.name,
          conn: step.socket,
          kind: "tcp_state",
          bytes: args.queue === undefined ? undefined : socket?.recvQ,
          detail: `${target.words}: ${seen}`,
        });
        last = seen;
      }
      if (expected.includes(state) && (args.queue === undefined || socket?.recvQ === args.queue)) {
        return;
      }
      if (remainingMs(deadlineAt) <= POLL_MS) {
        const want = expected.join(" or ") +
          (args.queue === undefined ? "" : ` with ${args.queue} in the accept queue`);
        throw new StepFailure(
          `expected ${target.words} in ${want}; the kernel says ${seen} (ss -tan)`,
        );
      }
      await sleepUnlessAborted(POLL_MS, peer.ctx.signal);
    }
  },
});
