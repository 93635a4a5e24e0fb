"""An echo server that can break itself, to check that sockspec's verdicts are right.

    python3 examples/faulty_echo.py MODE tcp HOST PORT [--split] [--coalesce]
    python3 examples/faulty_echo.py MODE udp HOST PORT
    python3 examples/faulty_echo.py MODE unix PATH [--split] [--coalesce]
    python3 examples/faulty_echo.py MODE unixgram PATH

It prints "ready" once it listens (use `--target-ready stdout:^ready`). Stream connections get
their bytes back until they half-close; then the server closes its side too. Datagrams go back to
their sender. Faults hit each connection (or each sender's datagrams) once, near the start, so that
short exchanges see them too:

    mode       stream (per connection)              datagram (per sender)
    ok         a correct echo                       a correct echo
    upper      ASCII letters upper-cased            ASCII letters upper-cased
    drop       byte 5 left out                      datagram #1 (the second) left out
    duplicate  bytes 5..26 sent twice               datagram #1 sent twice
    reorder    bytes 5..26 swapped with 27..48      datagram #1 sent after #2
    truncate   the connection closed after 1000 B   datagram #1 cut to half its length
    slow       every answer delayed by 1.5 s        every answer delayed by 1.5 s
    hang       reads, never answers nor closes       never answers
    merge      (legal on a stream: as --coalesce)   datagrams #1 and #2 sent back as one
    split      (legal on a stream: as --split)      datagram #1 sent back as two halves

Options, for streams (all are legal: a stream has no record boundaries, and an echo need not
answer before it has read more):
    --split     answer every piece in several writes of 1 to 7 bytes and the rest, with pauses
    --coalesce  hold answers until the client has been quiet for 20 ms (or 64 KiB are held)
    --hold      hold every other piece read until the next one arrives (or the client
                half-closes), and answer both in one write

The listen backlog is Python's default (socket.listen() with no argument: 128 at most). A fault
that needs bytes not received yet (reorder, duplicate) holds them at most 100 ms, then sends what
it has in order.
"""
import os
import select
import signal
import socket
import sys
import threading
import time

FAULT_AT = 5
PIECE = 22
TRUNCATE_AFTER = 1000
HOLD_S = 0.1
COALESCE_S = 0.02
COALESCE_MAX = 65536
SLOW_S = 1.5
UPPER = bytes.maketrans(b"abcdefghijklmnopqrstuvwxyz", b"ABCDEFGHIJKLMNOPQRSTUVWXYZ")


class StreamFault:
    """Alters one connection's byte stream as it passes: feed() what arrives, send what it returns."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.offset = 0  # stream offset of the next byte fed
        self.held = b""  # bytes held for a fault that needs more of them
        self.done = False  # the fault has happened

    def feed(self, data: bytes) -> bytes:
        start = self.offset
        self.offset += len(data)
        if self.mode == "upper":
            return data.translate(UPPER)
        if self.mode == "drop" and start <= FAULT_AT < self.offset:
            return data[: FAULT_AT - start] + data[FAULT_AT - start + 1 :]
        if self.mode in ("duplicate", "reorder") and not self.done:
            return self._hold(start, data)
        return data

    def _hold(self, start: int, data: bytes) -> bytes:
        width = PIECE if self.mode == "duplicate" else 2 * PIECE
        end = FAULT_AT + width
        if self.offset <= FAULT_AT and not self.held:
            return data
        self.held += data
        held_start = self.offset - len(self.held)
        if self.offset < end:
            return b""
        self.done = True
        before = self.held[: FAULT_AT - held_start]
        piece = self.held[FAULT_AT - held_start : end - held_start]
        after = self.held[end - held_start :]
        self.held = b""
        if self.mode == "duplicate":
            return before + piece + piece + after
        return before + piece[PIECE:] + piece[:PIECE] + after

    def flush(self) -> bytes:
        """Gives up waiting for the bytes a fault needs: what is held goes out in order."""
        held, self.held = self.held, b""
        if held:
            self.done = True
        return held


class Writer:
    """Sends a connection's answers: at once, split in small writes, coalesced, or late."""

    def __init__(
        self, conn: socket.socket, mode: str, split: bool, coalesce: bool, hold: bool = False
    ) -> None:
        self.hold = hold
        self.reads = 0
        self.conn = conn
        self.mode = mode
        self.split = split or mode == "split"
        self.coalesce = coalesce or mode == "merge"
        self.pending = b""
        self.sent = 0
        self.closed = False
        self.pieces = 0

    def write(self, data: bytes) -> None:
        self.pending += data
        if self.hold and data:
            self.reads += 1
            if self.reads % 2 == 1:
                return  # Held until the next piece, or the end.
        if not self.coalesce or len(self.pending) >= COALESCE_MAX:
            self.flush()

    def flush(self) -> None:
        data, self.pending = self.pending, b""
        if not data or self.closed or self.mode == "hang":
            return
        if self.mode == "slow":
            time.sleep(SLOW_S)
        if self.mode == "truncate" and self.sent + len(data) >= TRUNCATE_AFTER:
            self.conn.sendall(data[: TRUNCATE_AFTER - self.sent])
            self.closed = True
            self.conn.shutdown(socket.SHUT_RDWR)
            return
        self.sent += len(data)
        if not self.split:
            self.conn.sendall(data)
            return
        while data:
            self.pieces += 1
            size = 1 + self.pieces % 7
            self.conn.sendall(data[:size])
            time.sleep(0.001)
            self.conn.sendall(data[size : size + 8192])
            data = data[size + 8192 :]


def serve_connection(
    conn: socket.socket, mode: str, split: bool, coalesce: bool, hold: bool
) -> None:
    fault = StreamFault(mode)
    writer = Writer(conn, mode, split, coalesce, hold)
    waiting = HOLD_S if mode in ("duplicate", "reorder") else None
    if writer.coalesce:
        waiting = COALESCE_S
    # poll, not select: select() cannot watch descriptors above 1023, and a thousand clients
    # at once take more.
    poller = select.poll()
    poller.register(conn, select.POLLIN)
    try:
        while True:
            idle = waiting is not None and not poller.poll(waiting * 1000)
            if idle:
                writer.write(fault.flush())
                if not writer.hold:
                    writer.flush()
                continue
            data = conn.recv(65536)
            if not data:
                break
            writer.write(fault.feed(data))
        writer.write(fault.flush())
        writer.flush()
        if mode == "hang":
            threading.Event().wait()  # Never answers, never closes: the client must time out.
        if not writer.closed:
            conn.shutdown(socket.SHUT_WR)
            # Wait for the client to close, so that the kernel does not answer it with a reset.
            while conn.recv(65536):
                pass
    except OSError:
        pass  # The client went away: nothing to echo to.
    finally:
        conn.close()


def serve_stream(listener: socket.socket, mode: str, options: set[str]) -> None:
    split, coalesce, hold = ("--split" in options, "--coalesce" in options, "--hold" in options)
    while True:
        conn, _ = listener.accept()
        threading.Thread(
            target=serve_connection, args=(conn, mode, split, coalesce, hold), daemon=True
        ).start()


class DatagramFault:
    """Alters one sender's datagrams: feed() each one, send the list it returns."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.count = 0
        self.held: bytes | None = None
        self.held_since = 0.0

    def feed(self, data: bytes) -> list[bytes]:
        number = self.count
        self.count += 1
        mode = self.mode
        if mode == "upper":
            return [data.translate(UPPER)]
        if number != 1 and not (number == 2 and self.held is not None):
            return [data]
        if mode == "drop":
            return []
        if mode == "duplicate":
            return [data, data]
        if mode == "truncate":
            return [data[: len(data) // 2]]
        if mode == "split" and len(data) > 1:
            return [data[: len(data) // 2], data[len(data) // 2 :]]
        if mode in ("reorder", "merge"):
            if number == 1:
                self.held, self.held_since = data, time.monotonic()
                return []
            held, self.held = self.held, None
            return [data, held] if mode == "reorder" else [held + data]
        return [data]

    def flush(self, now: float) -> list[bytes]:
        """Sends a held datagram when the next one does not come within the hold time."""
        if self.held is None or now - self.held_since < HOLD_S:
            return []
        held, self.held = self.held, None
        return [held]


def serve_datagrams(sock: socket.socket, mode: str) -> None:
    faults: dict[object, DatagramFault] = {}
    late: list[tuple[float, bytes, object]] = []
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    while True:
        now = time.monotonic()
        for sender, fault in faults.items():
            for data in fault.flush(now):
                send_datagram(sock, data, sender)
        due = [entry for entry in late if entry[0] <= now]
        late = [entry for entry in late if entry[0] > now]
        for _, data, sender in due:
            send_datagram(sock, data, sender)
        if not poller.poll(10):
            continue
        data, sender = sock.recvfrom(65536)
        if mode == "hang":
            continue
        fault = faults.setdefault(sender, DatagramFault(mode))
        for answer in fault.feed(data):
            if mode == "slow":
                late.append((time.monotonic() + SLOW_S, answer, sender))
            else:
                send_datagram(sock, answer, sender)


def send_datagram(sock: socket.socket, data: bytes, sender: object) -> None:
    if not sender:
        return  # An unbound Unix datagram socket cannot be answered.
    try:
        sock.sendto(data, sender)
    except OSError:
        pass  # The sender is gone; a datagram server goes on.


def bind(transport: str, address: list[str]) -> socket.socket:
    if transport in ("tcp", "udp"):
        host, port = address[0], int(address[1])
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        kind = socket.SOCK_STREAM if transport == "tcp" else socket.SOCK_DGRAM
        sock = socket.socket(family, kind)
        if transport == "tcp":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    else:
        kind = socket.SOCK_STREAM if transport == "unix" else socket.SOCK_DGRAM
        sock = socket.socket(socket.AF_UNIX, kind)
        sock.bind(address[0])
    if transport in ("tcp", "unix"):
        sock.listen()
    return sock


MODES = ("ok", "upper", "drop", "duplicate", "reorder", "truncate", "slow", "hang", "merge",
         "split")


def main() -> None:
    words = [w for w in sys.argv[1:] if not w.startswith("--")]
    options = {w for w in sys.argv[1:] if w.startswith("--")}
    unknown = options - {"--split", "--coalesce", "--hold"}
    if len(words) < 3 or words[0] not in MODES or words[1] not in ("tcp", "udp", "unix",
                                                                   "unixgram") or unknown:
        sys.exit(__doc__)
    mode, transport, address = words[0], words[1], words[2:]
    sock = bind(transport, address)
    path = address[0] if transport in ("unix", "unixgram") else None

    def stop(_signum: int, _frame: object) -> None:
        if path is not None and os.path.exists(path):
            os.unlink(path)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("ready", flush=True)
    if transport in ("tcp", "unix"):
        serve_stream(sock, mode, options)
    else:
        serve_datagrams(sock, mode)


if __name__ == "__main__":
    main()
