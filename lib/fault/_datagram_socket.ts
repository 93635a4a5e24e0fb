/**
 * A datagram socket the relay can receive and send on at the same time.
 *
 * UDP sockets allow that. Deno's Unix datagram sockets ("unixpacket") do not: a `send()` while
 * a `receive()` is pending fails with `Busy`. So a Unix datagram endpoint is two sockets that
 * share one path: the sender is bound to `path`, the receiver is bound to `path.rx` and then
 * renamed onto `path`. Datagrams carry the sender's bound name (`path`) as their source, and a
 * datagram sent to `path` finds the socket by the path's inode, now the receiver's (unix(7)).
 *
 * @internal
 * @module
 */

/** One receiving and one sending socket with the same address (the same socket for UDP). */
export interface DuplexDatagram {
  readonly addr: Deno.Addr;
  readonly rx: Deno.DatagramConn;
  readonly tx: Deno.DatagramConn;
  /** Closes both sockets; never throws. */
  close(): void;
}

function closeQuietly(socket: Deno.DatagramConn): void {
  try {
    socket.close();
  } catch (error) {
    if (!(error instanceof Deno.errors.BadResource)) throw error;
  }
}

/** A UDP socket on `hostname:port`. */
export function openUdp(hostname: string, port: number): DuplexDatagram {
  const socket = Deno.listenDatagram({ transport: "udp", hostname, port });
  return { addr: socket.addr, rx: socket, tx: socket, close: () => closeQuietly(socket) };
}

/** A Unix datagram endpoint on `path` (which must not exist). */
export async function openUnixgram(path: string): Promise<DuplexDatagram> {
  const tx = Deno.listenDatagram({ transport: "unixpacket", path });
  let rx: Deno.DatagramConn | undefined;
  try {
    rx = Deno.listenDatagram({ transport: "unixpacket", path: `${path}.rx` });
    await Deno.rename(`${path}.rx`, path);
  } catch (error) {
    closeQuietly(tx);
    if (rx) closeQuietly(rx);
    throw error;
  }
  const receiver = rx;
  return {
    addr: tx.addr,
    rx: receiver,
    tx,
    close() {
      closeQuietly(receiver);
      closeQuietly(tx);
    },
  };
}
