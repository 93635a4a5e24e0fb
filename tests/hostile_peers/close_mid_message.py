"""Reads a line, sends the first half of the answer "HELLO WORLD\\n", and closes."""
from _peer import listen, serve_lines


def answer(conn, line):
    conn.sendall(b"HELLO ")


serve_lines(listen(), answer)
