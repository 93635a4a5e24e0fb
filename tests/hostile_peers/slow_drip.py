"""Answers a line with "HELLO WORLD\\n", one byte every 300 ms: 3.6 s for the whole answer."""
import time

from _peer import listen, serve_lines


def answer(conn, line):
    for byte in b"HELLO WORLD\n":
        conn.sendall(bytes([byte]))
        time.sleep(0.3)


serve_lines(listen(), answer)
