/**
 * Opt-in UDP through Deno FFI to libc (`deno task bench --ffi`), in Workers that block in the
 * calls: a sink for the bench peer that reads with recvmmsg(2), and a sender for the measuring
 * side that writes with sendmmsg(2), up to {@linkcode BATCH} datagrams a call, instead of one
 * `DatagramConn.receive` or `send` (an async op and a system call) a datagram. The sink counts
 * what arrives into shared memory that the peer's control loop reads, and answers sync and echo
 * datagrams with sendto(2). Linux (x86-64, aarch64) only.
 *
 * @internal
 * @module
 */
import { DatagramKind, encodeSyncReply } from "./peer_protocol.ts";

/** Datagrams asked of one recvmmsg call. */
export const BATCH = 64;
/** Bytes of each datagram's buffer: any UDP datagram fits whole. */
const SLOT_BYTES = 65536;
const AF_INET = 2;
const SOCK_DGRAM = 2;
/** recvmmsg: block for the first datagram only, then take what is queued. */
const MSG_WAITFORONE = 0x10000;
const SOCKADDR_IN_BYTES = 16;
const IOVEC_BYTES = 16;
/** struct mmsghdr on x86-64 and aarch64: struct msghdr (56 bytes), msg_len, padding. */
const MMSGHDR_BYTES = 64;

const SYMBOLS = {
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  bind: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  getsockname: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
  recvmmsg: { parameters: ["i32", "pointer", "u32", "i32", "pointer"], result: "i32" },
  malloc: { parameters: ["usize"], result: "pointer" },
  connect: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  sendmmsg: { parameters: ["i32", "pointer", "u32", "i32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  sendto: { parameters: ["i32", "buffer", "usize", "i32", "buffer", "u32"], result: "isize" },
  __errno_location: { parameters: [], result: "pointer" },
} as const;

/** errno: a system call was interrupted by a signal; try again. */
const EINTR = 4;

/**
 * Counters in shared memory: [datagrams, bytes, version]. The sink adds to both under a version
 * that is odd while it writes (a seqlock), so a reader gets a datagram count and a byte count
 * from the same moment.
 */
export type SharedCounters = BigInt64Array;

/** Creates the shared counters. */
export function createSharedCounters(): SharedCounters {
  return new BigInt64Array(new SharedArrayBuffer(24));
}

/** Adds to both counters as one change; returns the totals after it. */
function addCounts(counters: SharedCounters, datagrams: number, bytes: number) {
  Atomics.add(counters, 2, 1n);
  const totals = {
    datagrams: Number(Atomics.add(counters, 0, BigInt(datagrams))) + datagrams,
    bytes: Number(Atomics.add(counters, 1, BigInt(bytes))) + bytes,
  };
  Atomics.add(counters, 2, 1n);
  return totals;
}

/** Both counts from one moment: retried while the sink is between its two additions. */
export function readCounts(counters: SharedCounters): { datagrams: number; bytes: number } {
  for (;;) {
    const version = Atomics.load(counters, 2);
    if (version % 2n === 1n) continue;
    const datagrams = Number(Atomics.load(counters, 0));
    const bytes = Number(Atomics.load(counters, 1));
    if (Atomics.load(counters, 2) === version) return { datagrams, bytes };
  }
}

/**
 * Opens a UDP socket bound to 127.0.0.1 on an ephemeral port.
 *
 * @returns Its file descriptor and port.
 * @throws {Error} When socket(2) or bind(2) fails.
 */
export function openUdpSocket(): { fd: number; port: number } {
  const libc = Deno.dlopen("libc.so.6", SYMBOLS);
  const { symbols } = libc;
  try {
    const fd = symbols.socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) throw new Error("socket(AF_INET, SOCK_DGRAM) failed");
    const address = new Uint8Array(SOCKADDR_IN_BYTES);
    const view = new DataView(address.buffer);
    view.setUint16(0, AF_INET, true);
    address.set([127, 0, 0, 1], 4);
    if (symbols.bind(fd, address, SOCKADDR_IN_BYTES) !== 0) {
      throw new Error("bind(127.0.0.1:0) failed");
    }
    const length = new Uint32Array([SOCKADDR_IN_BYTES]);
    symbols.getsockname(fd, address, new Uint8Array(length.buffer));
    return { fd, port: view.getUint16(2, false) };
  } finally {
    libc.close();
  }
}

/**
 * Receives on `fd` forever (until the process exits), blocking the calling thread: counts
 * every data and echo datagram into `counters`, answers sync datagrams with the counts and echo
 * datagrams with themselves. Run it in a Worker.
 *
 * @throws {Error} When recvmmsg fails.
 */
export function serveBlocking(fd: number, counters: SharedCounters): never {
  const { symbols } = Deno.dlopen("libc.so.6", SYMBOLS);
  // The kernel writes through these addresses: memory from malloc, which nothing moves or
  // frees while the process lives, seen from JavaScript through external ArrayBuffers.
  const allocate = (bytes: number) => {
    const pointer = symbols.malloc(BigInt(bytes));
    if (pointer === null) throw new Error(`malloc(${bytes}) failed`);
    return {
      pointer,
      bytes: new Uint8Array(Deno.UnsafePointerView.getArrayBuffer(pointer, bytes)),
    };
  };
  const dataBlock = allocate(BATCH * SLOT_BYTES);
  const namesBlock = allocate(BATCH * SOCKADDR_IN_BYTES);
  const iovecsBlock = allocate(BATCH * IOVEC_BYTES);
  const headersBlock = allocate(BATCH * MMSGHDR_BYTES);
  headersBlock.bytes.fill(0);
  const data = dataBlock.bytes;
  const names = namesBlock.bytes;
  const address = (block: { pointer: Deno.PointerObject }, offset: number) =>
    BigInt(Deno.UnsafePointer.value(block.pointer)) + BigInt(offset);
  const iov = new DataView(iovecsBlock.bytes.buffer);
  const h = new DataView(headersBlock.bytes.buffer);
  for (let i = 0; i < BATCH; i++) {
    iov.setBigUint64(i * IOVEC_BYTES, address(dataBlock, i * SLOT_BYTES), true);
    iov.setBigUint64(i * IOVEC_BYTES + 8, BigInt(SLOT_BYTES), true);
    h.setBigUint64(i * MMSGHDR_BYTES, address(namesBlock, i * SOCKADDR_IN_BYTES), true); // msg_name
    h.setBigUint64(i * MMSGHDR_BYTES + 16, address(iovecsBlock, i * IOVEC_BYTES), true); // msg_iov
    h.setBigUint64(i * MMSGHDR_BYTES + 24, 1n, true); // msg_iovlen
  }
  while (true) {
    for (let i = 0; i < BATCH; i++) h.setUint32(i * MMSGHDR_BYTES + 8, SOCKADDR_IN_BYTES, true);
    const count = symbols.recvmmsg(fd, headersBlock.pointer, BATCH, MSG_WAITFORONE, null);
    if (count < 0) {
      // Blocking calls run on this thread, so its errno is the call's.
      const errno = new Deno.UnsafePointerView(symbols.__errno_location()!).getInt32();
      if (errno === EINTR) continue;
      throw new Error(`recvmmsg failed with errno ${errno}`);
    }
    let datagrams = 0;
    let bytes = 0;
    for (let i = 0; i < count; i++) {
      const length = h.getUint32(i * MMSGHDR_BYTES + 56, true);
      const datagram = data.subarray(i * SLOT_BYTES, i * SLOT_BYTES + length);
      const kind = datagram[0];
      let reply: Uint8Array | undefined;
      if (kind === DatagramKind.data || kind === DatagramKind.echo) {
        datagrams++;
        bytes += length;
        if (kind === DatagramKind.echo) reply = datagram.slice();
      } else if (kind === DatagramKind.sync) {
        // Counts of everything before the sync, this batch's included.
        const token = new DataView(data.buffer, i * SLOT_BYTES, length).getUint32(4, true);
        reply = encodeSyncReply({ token, ...addCounts(counters, datagrams, bytes) });
        datagrams = 0;
        bytes = 0;
      }
      if (reply) {
        const name = names.slice(i * SOCKADDR_IN_BYTES, (i + 1) * SOCKADDR_IN_BYTES);
        symbols.sendto(fd, reply, BigInt(reply.length), 0, name, SOCKADDR_IN_BYTES);
      }
    }
    addCounts(counters, datagrams, bytes);
  }
}

/** Shared state of an FFI sender: [0] stop flag (set to 1 to stop), and datagrams sent. */
export interface SenderShared {
  stop: Int32Array;
  sent: BigInt64Array;
}

/** Creates the shared state of an FFI sender. */
export function createSenderShared(): SenderShared {
  return {
    stop: new Int32Array(new SharedArrayBuffer(4)),
    sent: new BigInt64Array(new SharedArrayBuffer(8)),
  };
}

/**
 * Sends `datagram` to 127.0.0.1:`port` again and again with sendmmsg(2), {@linkcode BATCH} a
 * call, on a connected socket of its own, counting into `shared.sent`, until `shared.stop` is
 * set; blocks the calling thread (run it in a Worker).
 *
 * @throws {Error} When the socket cannot be opened or a send fails for another reason than a
 * signal.
 */
export function sendBlocking(port: number, datagram: Uint8Array, shared: SenderShared): void {
  const { symbols } = Deno.dlopen("libc.so.6", SYMBOLS);
  const errno = () => new Deno.UnsafePointerView(symbols.__errno_location()!).getInt32();
  const fd = symbols.socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) throw new Error("socket(AF_INET, SOCK_DGRAM) failed");
  try {
    const address = new Uint8Array(SOCKADDR_IN_BYTES);
    const view = new DataView(address.buffer);
    view.setUint16(0, AF_INET, true);
    view.setUint16(2, port, false);
    address.set([127, 0, 0, 1], 4);
    if (symbols.connect(fd, address, SOCKADDR_IN_BYTES) !== 0) {
      throw new Error(`connect(127.0.0.1:${port}) failed with errno ${errno()}`);
    }
    const allocate = (bytes: number) => {
      const pointer = symbols.malloc(BigInt(bytes));
      if (pointer === null) throw new Error(`malloc(${bytes}) failed`);
      const view = new Uint8Array(Deno.UnsafePointerView.getArrayBuffer(pointer, bytes));
      view.fill(0);
      return { pointer, view };
    };
    const payload = allocate(datagram.length);
    payload.view.set(datagram);
    const iovec = allocate(IOVEC_BYTES);
    const iov = new DataView(iovec.view.buffer);
    iov.setBigUint64(0, BigInt(Deno.UnsafePointer.value(payload.pointer)), true);
    iov.setBigUint64(8, BigInt(datagram.length), true);
    const headers = allocate(BATCH * MMSGHDR_BYTES);
    const h = new DataView(headers.view.buffer);
    for (let i = 0; i < BATCH; i++) {
      // No msg_name: the socket is connected. Every message is the same datagram.
      h.setBigUint64(i * MMSGHDR_BYTES + 16, BigInt(Deno.UnsafePointer.value(iovec.pointer)), true);
      h.setBigUint64(i * MMSGHDR_BYTES + 24, 1n, true);
    }
    while (Atomics.load(shared.stop, 0) === 0) {
      const count = symbols.sendmmsg(fd, headers.pointer, BATCH, 0);
      if (count > 0) Atomics.add(shared.sent, 0, BigInt(count));
      else if (count < 0 && errno() !== EINTR) {
        throw new Error(`sendmmsg failed with errno ${errno()}`);
      }
    }
  } finally {
    symbols.close(fd);
  }
}
