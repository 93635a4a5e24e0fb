/**
 * TCP states read from the kernel with `ss -tanH` (iproute2): the state of one connection by its
 * addresses, and a listener's accept queue. Knows nothing of scenarios.
 *
 * @module
 */

/** TCP states as the kernel names them (include/net/tcp_states.h), plus CLOSED for no socket. */
export const TCP_STATES = [
  "ESTABLISHED",
  "SYN_SENT",
  "SYN_RECV",
  "FIN_WAIT_1",
  "FIN_WAIT_2",
  "TIME_WAIT",
  "CLOSE",
  "CLOSE_WAIT",
  "LAST_ACK",
  "LISTEN",
  "CLOSING",
  "CLOSED",
] as const;

/** One TCP state. `CLOSED` means the kernel holds no socket with those addresses. */
export type TcpState = (typeof TCP_STATES)[number];

/** One TCP socket as `ss -tan` lists it. */
export interface TcpSocket {
  state: TcpState;
  /** Bytes not yet read; on a listener, connections waiting in its accept queue. */
  recvQ: number;
  /** Bytes not yet acknowledged; on a listener, its backlog. */
  sendQ: number;
  /** `127.0.0.1:5000`, `[::1]:5000`. */
  local: string;
  /** The peer's address; `*:*`-like on a listener. */
  peer: string;
}

function stateOf(word: string): TcpState {
  if (word === "ESTAB") return "ESTABLISHED";
  if (word === "UNCONN") return "CLOSE";
  return word.replaceAll("-", "_") as TcpState;
}

/** `[::ffff:127.0.0.1]:80` as `127.0.0.1:80`: an IPv4 peer of a dual-stack socket. */
function plain(address: string): string {
  return address.replace(/^\[::ffff:(\d+\.\d+\.\d+\.\d+)\]/, "$1");
}

/**
 * Parses `ss -tanH` output.
 *
 * @example
 * ```ts
 * import { parseSs } from "./tcp_state.ts";
 * const [s] = parseSs("TIME-WAIT 0      0      127.0.0.1:40000   127.0.0.1:5000\n");
 * console.assert(s.state === "TIME_WAIT" && s.local === "127.0.0.1:40000");
 * ```
 */
export function parseSs(text: string): TcpSocket[] {
  return text.split("\n").map((line) => line.trim().split(/\s+/)).filter((cells) =>
    cells.length >= 5
  ).map(([state, recvQ, sendQ, local, peer]) => ({
    state: stateOf(state),
    recvQ: Number(recvQ),
    sendQ: Number(sendQ),
    local: plain(local),
    peer: plain(peer),
  }));
}

/**
 * Every TCP socket of the machine's network namespace, from `ss -tanH`.
 *
 * @throws {Deno.errors.NotFound} When ss (iproute2) is not installed.
 */
export async function tcpSockets(): Promise<TcpSocket[]> {
  const { stdout, success, stderr } = await new Deno.Command("ss", {
    args: ["-tanH"],
    stdin: "null",
  }).output();
  if (!success) throw new Error(`ss -tanH failed: ${new TextDecoder().decode(stderr).trim()}`);
  return parseSs(new TextDecoder().decode(stdout));
}
