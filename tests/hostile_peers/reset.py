"""Reads a line, then closes with SO_LINGER {on, 0 s}: the kernel sends a RST, not a FIN."""
import socket
import struct

from _peer import listen, serve_lines


def answer(conn, line):
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


serve_lines(listen(), answer)
